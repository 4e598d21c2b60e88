package mention

import (
	kg "github.com/tingzhen/tingzhen/knowledge-graph"
)

// Industry decides the industry of a record that names none: the one the graph infers from
// its text when that inference is confident enough (Policy.IndustryFloor), else the general
// product / e-commerce reading (Policy.FallbackIndustry) when the graph has it. conf is the
// inference's own confidence; fallback reports that the floor replaced it.
func (p *Policy) Industry(g *kg.Graph, text string) (id string, conf float64, fallback bool) {
	id, conf = g.InferIndustry(text)
	if (id == "" || conf < p.IndustryFloor) && p.FallbackIndustry != "" && g.HasIndustry(p.FallbackIndustry) && id != p.FallbackIndustry {
		return p.FallbackIndustry, conf, true
	}
	return id, conf, false
}
