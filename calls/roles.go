package calls

import (
	"math"
	"sort"
	"strings"
)

// RoleInfo says where the roles of a call come from.
type RoleInfo struct {
	Source     string   `json:"source"`     // given | inferred | mixed | none
	Confidence float64  `json:"confidence"` // 1 when given; for inferred roles 0.5 (a guess) .. 1
	Agent      []string `json:"agent_speakers,omitempty"`
	Customer   []string `json:"customer_speakers,omitempty"`
}

// agentCues are service phrases agents say and customers rarely do.
var agentCues = []string{"您好", "很高兴为您服务", "请问有什么可以帮您", "有什么可以帮您", "有什么问题我可以帮您", "工号", "号话务员", "为您服务",
	"为您查询", "帮您查", "给您查", "请您稍等", "稍等", "您稍等", "正在为您", "为您", "给您", "帮您", "请问您", "您的订单", "您看", "您这边",
	"非常抱歉", "很抱歉", "给您带来不便", "理解您的心情", "请您谅解", "感谢您的来电", "感谢您的耐心", "还有其他可以帮您", "还有什么可以帮您", "祝您",
	"请对我的服务", "评价", "亲", "核实一下", "麻烦您提供", "请提供", "已经为您", "已为您", "为您登记", "为您反馈", "为您申请"}

// customerCues are phrases of the caller.
var customerCues = []string{"我的订单", "我买的", "我想问", "我想咨询", "我要", "我想", "请问一下", "怎么还没", "为什么", "你们", "我上次", "投诉",
	"退款", "什么时候能", "能不能", "可以帮我", "帮我", "喂", "我的", "到底", "怎么回事", "凭什么"}

func cueScore(text string, cues []string) float64 {
	s := 0.0
	for _, c := range cues {
		if strings.Contains(text, c) {
			s++
		}
	}
	return s
}

// inferRoles fills unknown roles. Turns are grouped by speaker label; a group's agent score
// is (agent cues − customer cues) per turn, plus 0.05 for opening the call (a tie-break:
// in chats customers write first). When one group's role is known the others take the opposite role.
// Turns without any speaker label are classified one by one.
func inferRoles(turns []Turn, clean []string, extraAgent []string) RoleInfo {
	info := RoleInfo{Source: "given", Confidence: 1}
	type group struct {
		label      string
		role       string
		score      float64
		n          int
		firstIndex int
	}
	groups := map[string]*group{}
	var order []*group
	unknown := 0
	for i, t := range turns {
		if t.Speaker == "" {
			continue
		}
		g := groups[t.Speaker]
		if g == nil {
			g = &group{label: t.Speaker, role: t.Role, firstIndex: i}
			groups[t.Speaker] = g
			order = append(order, g)
		}
		if g.role == RoleUnknown && t.Role != RoleUnknown {
			g.role = t.Role
		}
		c := clean[i]
		g.score += cueScore(c, agentCues) + cueScore(c, extraAgent) - cueScore(c, customerCues)
		g.n++
	}
	for _, g := range order {
		if g.role == RoleUnknown {
			unknown++
		}
	}
	inferredConf := []float64{}
	if unknown > 0 {
		info.Source = "inferred"
		if unknown < len(order) {
			info.Source = "mixed"
		}
		known := map[string]bool{}
		for _, g := range order {
			if g.role != RoleUnknown {
				known[g.role] = true
			}
		}
		var unk []*group
		for _, g := range order {
			if g.role == RoleUnknown {
				unk = append(unk, g)
			}
		}
		norm := func(g *group) float64 {
			s := g.score / float64(max(g.n, 1))
			if g.firstIndex == 0 {
				s += 0.05 // tie-break only: a larger opening bonus cost 2.8 points of session accuracy on JDDC, where customers write first
			}
			return s
		}
		sort.SliceStable(unk, func(i, j int) bool { return norm(unk[i]) > norm(unk[j]) })
		switch {
		case known[RoleAgent] && !known[RoleCustomer]:
			for _, g := range unk {
				g.role = RoleCustomer
				inferredConf = append(inferredConf, 0.5+0.5*math.Tanh(math.Max(0, -norm(g))+0.5))
			}
		case known[RoleCustomer] && !known[RoleAgent]:
			for _, g := range unk {
				g.role = RoleAgent
				inferredConf = append(inferredConf, 0.5+0.5*math.Tanh(math.Max(0, norm(g))+0.5))
			}
		case len(unk) == 1 && !known[RoleAgent]:
			g := unk[0]
			g.role = RoleCustomer
			if norm(g) > 0.5 {
				g.role = RoleAgent
			}
			inferredConf = append(inferredConf, 0.5+0.5*math.Tanh(math.Abs(norm(g)-0.5)))
		default:
			// the best-scoring unknown speaker is the agent, the rest customers.
			margin := norm(unk[0])
			if len(unk) > 1 {
				margin -= norm(unk[1])
			}
			if !known[RoleAgent] {
				unk[0].role = RoleAgent
				unk = unk[1:]
			}
			for _, g := range unk {
				g.role = RoleCustomer
			}
			inferredConf = append(inferredConf, 0.5+0.5*math.Tanh(math.Max(0, margin)))
		}
	}
	for i := range turns {
		t := &turns[i]
		if t.Speaker != "" {
			t.Role = groups[t.Speaker].role
			continue
		}
		if t.Role == RoleUnknown {
			s := cueScore(clean[i], agentCues) + cueScore(clean[i], extraAgent) - cueScore(clean[i], customerCues)
			switch {
			case s > 0:
				t.Role = RoleAgent
			case s < 0:
				t.Role = RoleCustomer
			}
			if info.Source == "given" {
				info.Source = "inferred"
			}
			inferredConf = append(inferredConf, 0.5+0.5*math.Tanh(math.Abs(s)/2))
		}
	}
	if len(inferredConf) > 0 {
		c := 1.0
		for _, x := range inferredConf {
			c = math.Min(c, x)
		}
		info.Confidence = r3(c)
	}
	for _, g := range order {
		switch g.role {
		case RoleAgent:
			info.Agent = append(info.Agent, g.label)
		case RoleCustomer:
			info.Customer = append(info.Customer, g.label)
		}
	}
	if len(turns) == 0 {
		info.Source = "none"
	}
	return info
}
