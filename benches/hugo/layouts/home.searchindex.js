{{- /*
  search-index.js (src/render/search.rs): the pages of both languages (not the search page nor
  the former names) in path order, and for each token of their text the pages containing it:
  Chinese as character pairs (a run of one character as itself), other text as lower-cased
  words. Same shape as nianbao's (`window.NIANBAO_SEARCH={"docs":[[path,title,lang],...],
  "index":{token:"ids"}}`, ids in base 36), so themes/default/static/search.js reads it.
  nianbao cuts the visible text of each rendered page's <main>; Hugo cannot read a rendered
  page back, so the text is each page's title, description and content (.Plain), rendered in
  its own language by the views title.js and text.js.
  The docs are written as they come, and the postings gathered per token in a map keyed by the
  page's zero-padded number (Scratch), which `range` walks in order when the index is written:
  no list is copied nor string lengthened per posting (Hugo's `append` copies the list, and a
  string grown by `print` is copied, each time: quadratic in the pages a token occurs in).
*/ -}}
{{- $pages := slice }}{{ range hugo.Sites }}{{ $pages = $pages | append (where (where .Pages "Kind" "in" (slice "home" "page")) "Type" "not in" (slice "redirect" "search")) }}{{ end -}}
{{- $digits := "0123456789abcdefghijklmnopqrstuvwxyz" -}}
{{- $s := newScratch -}}
window.NIANBAO_SEARCH={"docs":[
{{- range $n, $p := sort $pages "RelPermalink" -}}
  {{- $id := "" }}{{ $k := $n }}{{ range seq 4 }}{{ if or (eq $id "") (gt $k 0) }}{{ $id = print (substr $digits (mod $k 36) 1) $id }}{{ $k = div $k 36 }}{{ end }}{{ end -}}
  {{- $title := string ($p.Render "title") -}}
  {{- if $n }},{{ end }}{{ jsonify (slice (strings.TrimPrefix "/" $p.RelPermalink) $title $p.Language.Lang) -}}
  {{- $text := lower (print $title " " ($p.Render "text")) -}}
  {{- /* Runs of Chinese characters, each between two spaces: pairs at even offsets, then at odd
    offsets (the first character of each run dropped), then runs of one character. */ -}}
  {{- $han := print "  " (replaceRE `\P{Han}+` "  " $text) "  " -}}
  {{- $tokens := findRE `\p{Han}{2}` $han -}}
  {{- $tokens = $tokens | append (findRE `\p{Han}{2}` (replaceRE `\s\p{Han}` " " $han)) -}}
  {{- $tokens = $tokens | append (findRE `\p{Han}` (delimit (findRE ` \p{Han} ` $han) "")) -}}
  {{- $tokens = $tokens | append (findRE `(?:[^\P{L}\p{Han}]|\p{N})+` $text) -}}
  {{- $key := printf "%07d" $n }}{{ range $tok := uniq $tokens }}{{ $s.SetInMap $tok $key $id }}{{ end -}}
{{- end -}}
{{- /* As jsonify writes a map of strings: keys in byte order (range's order), no spaces; the
  tokens are letters and digits, which JSON writes as they are. */ -}}
],"index":{ {{- $sep := "" }}{{ range $tok, $ids := $s.Values }}{{ $sep }}"{{ $tok }}":"{{ $c := "" }}{{ range $ids }}{{ $c }}{{ . }}{{ $c = "," }}{{ end }}"{{ $sep = "," }}{{ end -}} }};
