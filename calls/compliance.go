package calls

import (
	"strings"

	"github.com/tingzhen/tingzhen/kg"
)

// ComplianceResult is one QA rule of the industry checked on the agent's turns.
type ComplianceResult struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`   // required_start | required_end | required_on_complaint | forbidden | identity
	Status   string `json:"status"` // pass | fail | not_applicable
	Phrase   string `json:"phrase,omitempty"`
	Turn     *int   `json:"turn,omitempty"` // evidence turn (index into turns)
	Evidence string `json:"evidence,omitempty"`
	Trigger  *int   `json:"trigger_turn,omitempty"` // for required_on_complaint: the customer's complaint turn
}

// edgeTurns is how many agent turns count as the start / the end of a call.
const edgeTurns = 2

func matchAny(text string, phrases []string) string {
	for _, p := range phrases {
		if p = stripPunct(p); p != "" && strings.Contains(text, p) {
			return p
		}
	}
	return ""
}

// checkCompliance evaluates rules on the cleaned, punctuation-free turns. complaint is the
// first customer turn that makes an apology required (-1: none).
func checkCompliance(rules []kg.ComplianceSpec, roles []string, texts []string, orig []string, complaint int) []ComplianceResult {
	var agent []int
	for i, r := range roles {
		if r == RoleAgent {
			agent = append(agent, i)
		}
	}
	out := make([]ComplianceResult, 0, len(rules))
	for _, rule := range rules {
		res := ComplianceResult{ID: rule.ID, Name: rule.Name, Kind: rule.Kind, Status: "fail"}
		hit := func(idx []int) bool {
			for _, i := range idx {
				if p := matchAny(texts[i], rule.Phrases); p != "" {
					ti := i
					res.Phrase, res.Turn, res.Evidence = p, &ti, clip(orig[i], 80)
					return true
				}
			}
			return false
		}
		switch rule.Kind {
		case "required_start":
			if hit(agent[:min(edgeTurns, len(agent))]) {
				res.Status = "pass"
			}
		case "required_end":
			if hit(agent[max(0, len(agent)-edgeTurns):]) {
				res.Status = "pass"
			}
		case "identity":
			if hit(agent) {
				res.Status = "pass"
			}
		case "forbidden":
			res.Status = "pass"
			if hit(agent) {
				res.Status = "fail"
			}
		case "required_on_complaint":
			if complaint < 0 {
				res.Status = "not_applicable"
				break
			}
			tc := complaint
			res.Trigger = &tc
			var after []int
			for _, i := range agent {
				if i > complaint {
					after = append(after, i)
				}
			}
			if hit(after) {
				res.Status = "pass"
			}
		default:
			res.Status = "not_applicable"
		}
		if len(agent) == 0 && rule.Kind != "required_on_complaint" {
			res.Status = "not_applicable"
		}
		out = append(out, res)
	}
	return out
}
