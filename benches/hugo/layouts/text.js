{{- /* A view for the search index (home.searchindex.js): the page's text as Hugo has it, its
  description (the lede or summary) and its content (.Plain: the commentary). */ -}}
{{- partial "description.html" . }} {{ .Plain -}}
