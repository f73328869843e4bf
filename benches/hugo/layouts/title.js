{{- /* A view for the search index (home.searchindex.js): the page's title, in its language. */ -}}
{{- partial "title.html" . -}}
