package calls

import (
	"fmt"
	"math"
	"sort"
)

func moment(t TurnResult) *Moment {
	return &Moment{Turn: t.Index, Time: t.Start, Valence: t.Valence, Text: clip(t.Text, 80)}
}

// notFeeling says the turn is machine text (an order or product card, a link, masks only):
// the engine did not score it (engine.Sentiment.NotScored).
func notFeeling(t TurnResult) bool { return t.Sentiment != nil && t.Sentiment.NotScored != "" }

func stateOf(v float64) string {
	switch {
	case v <= -0.3:
		return "negative"
	case v >= 0.3:
		return "positive"
	}
	return "neutral"
}

// customerView builds the customer emotion curve, peak-end summary and emotion totals,
// and the agent's emotion totals and promises.
func (a *Analyzer) customerView(res *CallResult) {
	cv := CustomerView{Curve: []CurvePoint{}, Emotions: []EmotionScore{}}
	var cust []TurnResult
	var custHits, agentHits []EmotionHit
	agentSum, agentN := 0.0, 0
	for _, t := range res.Turns {
		switch t.Role {
		case RoleCustomer:
			custHits = append(custHits, t.Emotions...)
			if t.Sentiment != nil && !notFeeling(t) { // machine text is never a point of the curve
				cust = append(cust, t)
			}
		case RoleAgent:
			agentHits = append(agentHits, t.Emotions...)
			if t.Sentiment != nil && !notFeeling(t) {
				agentSum += t.Valence
				agentN++
			}
			for _, s := range t.Signals {
				if s.Kind == "promise" {
					res.Agent.Promises = append(res.Agent.Promises, s)
				}
			}
		}
	}
	if e := summarizeEmotions(custHits); e != nil {
		cv.Emotions = e
	}
	res.Agent.Emotions = summarizeEmotions(agentHits)
	if res.Agent.Emotions == nil {
		res.Agent.Emotions = []EmotionScore{}
	}
	if agentN > 0 {
		res.Agent.Valence = r3(agentSum / float64(agentN))
	}
	if len(cust) == 0 {
		cv.PeakEnd.EndState = "unknown"
		cv.PeakEnd.Trend = "flat"
		res.Customer = cv
		return
	}
	sm, sum := 0.0, 0.0
	lo, hi := cust[0], cust[0]
	for i, t := range cust {
		if i == 0 {
			sm = t.Valence
		} else {
			sm = 0.5*t.Valence + 0.5*sm
		}
		sum += t.Valence
		cv.Curve = append(cv.Curve, CurvePoint{Turn: t.Index, Time: t.Start, Valence: t.Valence, Smoothed: r3(sm)})
		if t.Valence < lo.Valence {
			lo = t
		}
		if t.Valence > hi.Valence {
			hi = t
		}
	}
	pe := &cv.PeakEnd
	pe.MostNegative, pe.MostPositive = moment(lo), moment(hi)
	pe.Peak = pe.MostNegative
	if math.Abs(hi.Valence) > math.Abs(lo.Valence) {
		pe.Peak = pe.MostPositive
	}
	k := min(a.opt.EndTurns, len(cust))
	endSum, startSum := 0.0, 0.0
	for _, t := range cust[len(cust)-k:] {
		endSum += t.Valence
	}
	for _, t := range cust[:k] {
		startSum += t.Valence
	}
	pe.End = r3(endSum / float64(k))
	pe.EndState = stateOf(pe.End)
	pe.Score = r3((pe.Peak.Valence + pe.End) / 2)
	pe.Mean = r3(sum / float64(len(cust)))
	switch d := pe.End - startSum/float64(k); {
	case len(cust) < 2:
		pe.Trend = "flat"
	case d >= 0.2:
		pe.Trend = "improved"
	case d <= -0.2:
		pe.Trend = "worsened"
	default:
		pe.Trend = "flat"
	}
	res.Customer = cv
}

// riskAndResolution derives escalation risk and the resolution status.
func (a *Analyzer) riskAndResolution(res *CallResult, call Call) {
	rk := Risk{Reasons: []string{}, Transferred: call.Transferred, RepeatContact: call.Repeat}
	score := 0.0
	seenCat := map[string]bool{}
	var custTurns []int
	for i, t := range res.Turns {
		if t.Role != RoleCustomer {
			continue
		}
		custTurns = append(custTurns, i)
		for _, s := range t.Signals {
			switch s.Kind {
			case "threat":
				rk.Threats = append(rk.Threats, s)
				if !seenCat[s.Category] {
					seenCat[s.Category] = true
					score += threatWeight[s.Category]
					rk.Reasons = append(rk.Reasons, fmt.Sprintf("threat:%s (%s, turn %d)", s.Category, s.Phrase, s.Turn))
				}
			case "transfer_request":
				rk.TransferRequested = true
			case "repeat_contact":
				rk.RepeatContact = true
			}
		}
	}
	for _, e := range res.Customer.Emotions {
		if e.Emotion == "anger" || e.Emotion == "disgust" {
			rk.Anger += e.Score
		}
	}
	rk.Anger = r3(math.Min(1, rk.Anger))
	if rk.Anger > 0 {
		score += 0.3 * rk.Anger
		rk.Reasons = append(rk.Reasons, fmt.Sprintf("anger %.2f", rk.Anger))
	}
	if mn := res.Customer.PeakEnd.MostNegative; mn != nil && mn.Valence < -0.5 {
		score += 0.15 * (-mn.Valence)
		rk.Reasons = append(rk.Reasons, fmt.Sprintf("negative peak %.2f (turn %d)", mn.Valence, mn.Turn))
	}
	if rk.RepeatContact {
		score += 0.15
		rk.Reasons = append(rk.Reasons, "repeat contact")
	}
	if rk.TransferRequested {
		score += 0.15
		rk.Reasons = append(rk.Reasons, "transfer to a human/supervisor requested")
	}
	if rk.Transferred {
		score += 0.1
		rk.Reasons = append(rk.Reasons, "transferred")
	}
	// Resolution: the last EndTurns customer turns, plus agent promises after the last complaint.
	rs := Resolution{Status: "unknown"}
	last := custTurns
	if len(last) > a.opt.EndTurns {
		last = last[len(last)-a.opt.EndTurns:]
	}
	// The latest end turn that says something decides (a complaint followed by 好吧 is accepted).
	resolved, unresolved := false, false
	for k := len(last) - 1; k >= 0 && !resolved && !unresolved; k-- {
		for _, s := range res.Turns[last[k]].Signals {
			switch {
			case s.Kind == "resolved":
				resolved = true
				rs.Evidence = append(rs.Evidence, s)
			case s.Kind == "unresolved", s.Kind == "threat" && s.Category != "refund" && s.Category != "cancel":
				unresolved = true
				rs.Evidence = append(rs.Evidence, s)
			}
		}
		if resolved && unresolved {
			resolved = false // mixed turn (谢谢 … 我还是要投诉): not resolved
		}
	}
	endNeg := res.Customer.PeakEnd.EndState == "negative"
	switch {
	case unresolved || (endNeg && !resolved):
		rs.Status = "unresolved"
	case resolved:
		rs.Status = "resolved"
	case len(res.Agent.Promises) > 0:
		rs.Status = "pending"
		rs.Evidence = append(rs.Evidence, res.Agent.Promises[len(res.Agent.Promises)-1])
	}
	if rs.Status == "resolved" && len(res.Agent.Promises) > 0 && len(last) > 0 && res.Agent.Promises[len(res.Agent.Promises)-1].Turn > last[0] {
		rs.Status = "pending" // the customer agreed, but the fix is a promise
		rs.Evidence = append(rs.Evidence, res.Agent.Promises[len(res.Agent.Promises)-1])
	}
	if rs.Status == "unresolved" {
		score += 0.15
		rk.Reasons = append(rk.Reasons, "unresolved at the end")
	}
	sort.SliceStable(rs.Evidence, func(i, j int) bool { return rs.Evidence[i].Turn < rs.Evidence[j].Turn })
	rk.Score = r3(math.Min(1, score))
	switch {
	case rk.Score >= 0.6:
		rk.Level = "high"
	case rk.Score >= 0.3:
		rk.Level = "medium"
	default:
		rk.Level = "low"
	}
	res.Risk, res.Resolution = rk, rs
}
