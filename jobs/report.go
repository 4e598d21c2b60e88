package jobs

import (
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/jobs/report"
)

// WriteReport renders report.html: one self-contained page (inline CSS and SVG, no script,
// nothing fetched) that a CEM manager reads at a glance.
func WriteReport(w io.Writer, s *Summary) error {
	return reportTmpl.Execute(w, buildPage(s))
}

type journeyView struct {
	Industry string
	Mentions int64
	Chart    template.HTML
}

type page struct {
	S            *Summary
	Sentiment    template.HTML
	Points       template.HTML
	Journeys     []journeyView
	Departments  template.HTML
	Indicators   template.HTML
	MultiInd     bool
	IndName      map[string]string
	FailedPct    float64
	MappedPct    float64
	FileNames    map[string]string
	ErrorCodes   []Count
	TopIndustry  string
	IndicatorsN  int
	DepartmentsN int
	Days         template.HTML // pain share per day (Summary.Timeline)
	Weeks        []Period
	WeekOnWeek   string
	Brands       *brandTable
}

const chartWidth = 1120

func buildPage(s *Summary) page {
	p := page{S: s, IndName: map[string]string{}, FileNames: map[string]string{}}
	for _, in := range s.Industries {
		p.IndName[in.ID] = in.Name
	}
	if s.Records > 0 {
		p.FailedPct = 100 * float64(s.Failed) / float64(s.Records)
	}
	if s.Mentions > 0 {
		p.MappedPct = 100 * float64(s.Mapped) / float64(s.Mentions)
	}
	for _, f := range s.Job.Files {
		p.FileNames[f.Path] = filepath.Base(f.Path)
	}
	for code, n := range s.ErrorCodes {
		p.ErrorCodes = append(p.ErrorCodes, Count{ID: code, Count: n})
	}
	sort.Slice(p.ErrorCodes, func(i, j int) bool {
		if p.ErrorCodes[i].Count != p.ErrorCodes[j].Count {
			return p.ErrorCodes[i].Count > p.ErrorCodes[j].Count
		}
		return p.ErrorCodes[i].ID < p.ErrorCodes[j].ID // ties in a fixed order (they came in map order)
	})
	p.Sentiment = report.Stack([]report.Part{
		{Label: "正面", Value: float64(s.Sentiment["positive"]), Color: "#1a9850"},
		{Label: "中性", Value: float64(s.Sentiment["neutral"]), Color: "#b0b0b0"},
		{Label: "负面", Value: float64(s.Sentiment["negative"]), Color: "#d73027"},
	}, chartWidth/2-40)
	p.Points = report.Stack([]report.Part{
		{Label: "痛点", Value: float64(s.PointTypes["pain"]), Color: "#d73027"},
		{Label: "痒点", Value: float64(s.PointTypes["itch"]), Color: "#f4a13b"},
		{Label: "悦点", Value: float64(s.PointTypes["pleasure"]), Color: "#1a9850"},
		{Label: "其他", Value: float64(s.PointTypes["none"]), Color: "#c8c8c8"},
	}, chartWidth/2-40)
	// Journey maps, one per industry with mapped mentions, most mentioned first.
	byInd := map[string][]report.Stage{}
	mentions := map[string]int64{}
	for _, st := range s.Stages {
		stage := report.Stage{Name: st.Name, Net: st.Net, Mentions: st.Mentions, Pain: st.Pain}
		for _, tp := range s.Touchpoints {
			if tp.Industry == st.Industry && tp.StageID == st.ID {
				stage.Touchpoints = append(stage.Touchpoints, report.Cell{Name: tp.Name, Net: tp.Net, Mentions: tp.Mentions})
			}
		}
		byInd[st.Industry] = append(byInd[st.Industry], stage)
		mentions[st.Industry] += st.Mentions
	}
	for ind, stages := range byInd {
		if mentions[ind] == 0 {
			continue
		}
		name := p.IndName[ind]
		if name == "" {
			name = ind
		}
		p.Journeys = append(p.Journeys, journeyView{Industry: name, Mentions: mentions[ind], Chart: report.JourneyMap(stages, chartWidth)})
	}
	sort.Slice(p.Journeys, func(i, j int) bool {
		if p.Journeys[i].Mentions != p.Journeys[j].Mentions {
			return p.Journeys[i].Mentions > p.Journeys[j].Mentions
		}
		return p.Journeys[i].Industry < p.Journeys[j].Industry // ties in a fixed order (map order before)
	})
	if len(p.Journeys) > 4 {
		p.Journeys = p.Journeys[:4]
	}
	p.MultiInd = len(byInd) > 1
	label := func(ind, name string) string {
		if p.MultiInd {
			return name + " · " + p.IndName[ind]
		}
		return name
	}
	var dbars []report.Bar
	for _, d := range s.Departments {
		if d.Pain == 0 || len(dbars) == 12 {
			continue
		}
		dbars = append(dbars, report.Bar{Label: label(d.Industry, d.Name), Value: float64(d.Pain),
			Text:  fmt.Sprintf("%d 痛点 / %d 提及  %s", d.Pain, d.Mentions, strings.Join(d.TopPains, "、")),
			Title: fmt.Sprintf("%s: %d pain points of %d mentions, net %+.2f", d.Name, d.Pain, d.Mentions, d.Net)})
	}
	p.DepartmentsN = len(dbars)
	if len(dbars) > 0 {
		p.Departments = report.HBars(dbars, chartWidth)
	}
	var ibars []report.Bar
	for _, in := range s.Indicators {
		if len(ibars) == 20 {
			break
		}
		ibars = append(ibars, report.Bar{Label: label(in.Industry, in.Name), Value: in.Net,
			Text:  fmt.Sprintf("得分 %.0f · n=%d", in.Score, in.Mentions),
			Title: fmt.Sprintf("%s (%s): net %+.2f, score %.0f, %d mentions, %d pain, %d pleasure", in.Name, in.Department, in.Net, in.Score, in.Mentions, in.Pain, in.Pleasure)})
	}
	p.IndicatorsN = len(ibars)
	if len(ibars) > 0 {
		p.Indicators = report.Diverging(ibars, chartWidth)
	}
	if tl := s.Timeline; tl != nil {
		days := tl.Days
		if len(days) > 60 { // the last 60 days; the weeks table covers the rest
			days = days[len(days)-60:]
		}
		var bars []report.Bar
		for _, d := range days {
			bars = append(bars, report.Bar{Label: d.Start, Value: d.PainShare,
				Text:  fmt.Sprintf("痛点占比 %.1f%% · %d 次提及 · %d 条记录", 100*d.PainShare, d.Mentions, d.Records),
				Title: fmt.Sprintf("%s: %d pain of %d mentions, %d records", d.Start, d.Pain, d.Mentions, d.Records)})
		}
		p.Days = report.HBars(bars, chartWidth)
		p.Weeks = tl.Weeks
		p.WeekOnWeek = weekLabel(tl.WeekOnWeek)
	}
	p.Brands = makeBrandTable(s.Brands)
	return p
}

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":    func(x float64) string { return fmt.Sprintf("%.1f%%", x) },
	"net":    func(x float64) string { return fmt.Sprintf("%+.2f", x) },
	"col":    report.NetColor,
	"inc":    func(i int) int { return i + 1 },
	"mul100": func(x float64) float64 { return 100 * x },
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>听诊 · 客户之声分析报告</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f5f6f8;color:#222}
main{max-width:1180px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:26px;margin:6px 0 2px}h2{font-size:19px;margin:0 0 4px}
.sub{color:#666;font-size:13px;margin-bottom:16px}
section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:16px 20px;margin:14px 0}
.kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:12px}
.kpi{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:12px 16px}
.kpi b{display:block;font-size:26px}.kpi span{color:#666;font-size:13px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:14px}.two section{margin:0}
.note{color:#777;font-size:12.5px;margin:2px 0 10px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{color:#555;font-weight:600;background:#fafafa}td.n,th.n{text-align:right;white-space:nowrap}
.ex{color:#444}.ex q{display:block;margin:1px 0}
.chip{display:inline-block;background:#eef1f6;border-radius:12px;padding:3px 10px;margin:3px;font-size:13px}.chip i{color:#777;font-style:normal;margin-left:4px}
.tag{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:12px}
svg.chart{display:block;max-width:100%;height:auto}
.two td:nth-child(-n+3){white-space:nowrap}
footer{color:#888;font-size:12px;margin-top:18px}
</style></head><body><main>
<h1>听诊 · 客户之声批量分析报告</h1>
<div class="sub">{{.S.Job.Records}} 条记录 · {{len .S.Job.Files}} 个文件 · 生成于 {{.S.Job.Generated}}{{if .S.Job.Seconds}} · 处理 {{.S.Job.Seconds}} 秒（{{.S.Job.RecordsPerSecond}} 条/秒）{{end}}</div>
{{with .S.IndustryChoice}}<div class="sub">行业：{{if .Industry}}整批按「{{.Name}}」（{{.Industry}}）分析：前 {{.Sampled}} 条未标行业的记录中 {{pct (mul100 .Share)}} 推断为该行业（阈值 {{pct (mul100 .MinShare)}}）；自带行业的记录保留其行业{{else if eq .Mode "dominant"}}没有主导行业（前 {{.Sampled}} 条中最多的 {{.Top}} 占 {{pct (mul100 .Share)}}，低于 {{pct (mul100 .MinShare)}}），逐条推断{{else}}逐条推断（record 模式）{{end}}</div>{{end}}

<div class="kpis">
<div class="kpi"><b>{{.S.Analysed}}</b><span>已分析记录</span></div>
<div class="kpi"><b>{{.S.Failed}}</b><span>失败记录（{{pct .FailedPct}}）· 见 errors.jsonl</span></div>
{{if .S.Job.FailedFiles}}<div class="kpi"><b style="color:#d73027">{{.S.Job.FailedFiles}}</b><span>失败文件（无法读取，未分析）· 见「输入文件」与 errors.jsonl</span></div>
{{end}}<div class="kpi"><b>{{.S.Mentions}}</b><span>方面提及 · {{pct .MappedPct}} 映射到知识图谱</span></div>
<div class="kpi"><b style="color:#d73027">{{index .S.PointTypes "pain"}}</b><span>痛点 pain points</span></div>
<div class="kpi"><b style="color:#1a9850">{{index .S.PointTypes "pleasure"}}</b><span>悦点 pleasure · 痒点 itch {{index .S.PointTypes "itch"}}</span></div>
</div>

<div class="two" style="margin-top:14px">
<section><h2>整体情感</h2><div class="note">每条记录的整体情感标签</div>{{.Sentiment}}</section>
<section><h2>痛点 · 痒点 · 悦点</h2><div class="note">所有方面提及按类型</div>{{.Points}}</section>
</div>

{{range .Journeys}}
<section><h2>客户旅程情绪地图 — {{.Industry}}</h2>
<div class="note">按旅程顺序的各阶段净情感（正面−负面）/提及数；圆点大小 = 提及数；下方为各触点，颜色从红（负面）到绿（正面），灰色表示无提及。共 {{.Mentions}} 次提及。</div>
{{.Chart}}</section>
{{else}}
<section><h2>客户旅程情绪地图</h2><div class="note">没有映射到知识图谱的方面提及。</div></section>
{{end}}

<section><h2>各部门痛点</h2><div class="note">负面且被归为痛点的提及数，按负责部门</div>
{{if .DepartmentsN}}{{.Departments}}{{else}}<p>没有痛点。</p>{{end}}
{{if .S.TopPains}}
<table><tr><th>#</th><th>痛点（方面）</th><th>部门</th><th>旅程阶段 · 触点</th><th>指标</th><th class="n">次数</th><th>客户原话</th></tr>
{{range $i, $p := .S.TopPains}}<tr><td>{{inc $i}}</td><td><b>{{$p.Aspect}}</b><br><span class="note">{{range $p.Terms}}{{.}} {{end}}</span></td><td>{{$p.Department}}</td><td>{{$p.Stage}} · {{$p.Touchpoint}}</td><td>{{$p.Indicator}}</td><td class="n">{{$p.Count}}</td><td class="ex">{{range $p.Examples}}<q>{{.}}</q>{{end}}</td></tr>
{{end}}</table>{{end}}
</section>

{{if .S.Timeline}}<section><h2>时间趋势</h2><div class="note">按事件时间（记录的日期）统计的客户提及与痛点占比（痛点 / 映射到知识图谱的客户提及）；周从周一开始。{{if .S.Timeline.Undated}}另有 {{.S.Timeline.Undated}} 条记录没有日期，未计入。{{end}}</div>
{{if .WeekOnWeek}}<p><b>周环比：</b>{{.WeekOnWeek}}</p>{{end}}
{{.Days}}
<table><tr><th>周（周一）</th><th class="n">记录</th><th class="n">提及</th><th class="n">痛点</th><th class="n">痛点占比</th></tr>
{{range .Weeks}}<tr><td>{{.Start}}</td><td class="n">{{.Records}}</td><td class="n">{{.Mentions}}</td><td class="n">{{.Pain}}</td><td class="n">{{pct (mul100 .PainShare)}}</td></tr>{{end}}</table>
</section>{{end}}

{{with .Brands}}<section><h2>品牌对比</h2><div class="note">各品牌的客户提及：痛点占比、净情感（正面−负面）/提及、提及数 n；按总提及数排序的指标</div>
<table><tr><th>指标</th>{{range .Brands}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Indicator}}</td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>{{end}}</table>
</section>{{end}}

<section><h2>指标得分</h2><div class="note">各指标净情感（−1 … +1），得分 = 50 ×（净情感 + 1），按提及数排序的前 {{.IndicatorsN}} 个</div>
{{if .IndicatorsN}}{{.Indicators}}{{else}}<p>没有指标提及。</p>{{end}}</section>

<div class="two">
<section><h2>痒点（期待与建议）</h2>
{{if .S.TopItches}}<table><tr><th>方面</th><th>部门</th><th class="n">次数</th><th>原话</th></tr>
{{range .S.TopItches}}<tr><td><b>{{.Aspect}}</b></td><td>{{.Department}}</td><td class="n">{{.Count}}</td><td class="ex">{{range .Examples}}<q>{{.}}</q>{{end}}</td></tr>{{end}}</table>{{else}}<p class="note">无</p>{{end}}
</section>
<section><h2>悦点（满意之处）</h2>
{{if .S.TopPleasure}}<table><tr><th>方面</th><th>部门</th><th class="n">次数</th><th>原话</th></tr>
{{range .S.TopPleasure}}<tr><td><b>{{.Aspect}}</b></td><td>{{.Department}}</td><td class="n">{{.Count}}</td><td class="ex">{{range $i, $e := .Examples}}{{if eq $i 0}}<q>{{$e}}</q>{{end}}{{end}}</td></tr>{{end}}</table>{{else}}<p class="note">无</p>{{end}}
</section>
</div>

<section><h2>知识图谱未收录的词</h2><div class="note">客户提到、但图谱无法归类的方面词（候选新词，次数）</div>
{{range .S.UnknownTerms}}<span class="chip" title="{{.Example}}">{{.Term}}<i>{{.Count}}</i></span>{{else}}<p class="note">无</p>{{end}}
</section>

<section><h2>输入文件</h2>
<table><tr><th>文件</th><th>格式</th><th>编码</th><th class="n">记录</th><th class="n">失败</th><th>问题</th></tr>
{{range .S.Job.Files}}<tr><td title="{{.Path}}">{{.Path}}</td><td>{{.Format}}</td><td>{{.Encoding}}</td><td class="n">{{.Records}}</td><td class="n">{{.Failed}}</td><td>{{.Error}}</td></tr>{{end}}
</table>
{{if .ErrorCodes}}<p class="note">失败原因：{{range .ErrorCodes}}<span class="chip">{{.ID}}<i>{{.Count}}</i></span>{{end}}</p>{{end}}
</section>
<footer>tingzhen {{index .S.Job.Versions "tingzhen"}} · {{index .S.Job.Versions "sentiment_model"}} · {{index .S.Job.Versions "aspect_model"}} · workers {{.S.Job.Workers}}</footer>
</main></body></html>
`))
