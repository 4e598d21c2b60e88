package jobs

import (
	"fmt"
	"html/template"
	"io"
)

// WriteReport renders report.html for a summary.
func WriteReport(w io.Writer, s *Summary) error {
	return reportTmpl.Execute(w, s)
}

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{"f": func(x float64) string { return fmt.Sprintf("%+.2f", x) }}).Parse(`<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>tingzhen job report</title></head><body>
<h1>听诊 job report</h1><p>{{.Records}} records, {{.Failed}} failed</p>
<table>{{range .Indicators}}<tr><td>{{.Name}}</td><td>{{.Mentions}}</td><td>{{f .Net}}</td></tr>{{end}}</table>
</body></html>`))
