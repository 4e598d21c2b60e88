package transcript

import (
	"regexp"
	"strings"
	"unicode"
)

// RoleSystem marks a turn that is machine text, not a person: an order card the chat
// widget inserts, a pasted order line, a 系统消息, a bare link. Its aspects stay in the call
// result (role=system) and are never counted.
const RoleSystem = "system"

// The system-text rules, in one place. systemSpans are pieces of machine text inside a turn
// (cut out of what the models read); systemTurn are markers that make a whole turn
// machine text. Table test on real JDDC lines: system_test.go.
var (
	systemSpans = []*regexp.Regexp{
		// The web chat's order-card preamble: 顾客通过点击web咚咚[站点x]信息发送:
		regexp.MustCompile(`顾客通过点击\S*?信息发送[:：]`),
		// An order card: [订单编号:…，订单金额:…，下单时间:…] (nested [x] placeholders allowed).
		regexp.MustCompile(`[\[【]\s*订单编号[:：](?:[^\[\]【】]|\[[^\[\]]*\])*[\]】]`),
		// A pasted order line: [日期x] [时间x] 订单编号:[数字x] 订单金额:￥[金额x], or with real values.
		regexp.MustCompile(`(?:(?:\[日期x\]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:\[时间x\]|\d{1,2}:\d{2}(?::\d{2})?)\s*)?订单编号[:：]\s*(?:\[[^\[\]]*\]|[0-9A-Za-z]+)\s*订单金额[:：]\s*[￥¥]?\s*(?:\[[^\[\]]*\]|[0-9.]+)?`),
		// Links: URLs and the corpus's anonymised [链接x].
		regexp.MustCompile(`https?://[^\s，。！？、）)]+|www\.[^\s，。！？、）)]+|\[链接x\]`),
	}
	// systemTurn: a turn opening with one of these is machine text as a whole.
	systemTurn = []string{"系统消息", "[系统消息]", "【系统消息】", "系统提示", "【系统提示】", "[系统提示]", "系统通知", "【系统】", "[系统]", "自动回复"}
)

// StripSystem removes the machine text from one turn: it returns what a person wrote and
// whether the whole turn is machine text (nothing a person wrote is left, or it opens with
// a system marker).
func StripSystem(text string) (rest string, system bool) {
	t := strings.TrimSpace(text)
	for _, m := range systemTurn {
		if strings.HasPrefix(t, m) {
			return "", true
		}
	}
	found := false
	for _, re := range systemSpans {
		if re.MatchString(t) {
			found = true
			t = re.ReplaceAllString(t, " ")
		}
	}
	if !found {
		return text, false
	}
	t = strings.Join(strings.Fields(t), " ")
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return t, false
		}
	}
	return "", true
}
