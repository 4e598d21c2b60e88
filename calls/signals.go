package calls

import (
	"strings"

	"github.com/tingzhen/tingzhen/mention"
)

// Signal is one phrase found in a turn that means something for QA: a complaint threat,
// a transfer request, a repeated contact, an agent's promise or a resolution cue.
type Signal struct {
	Kind     string `json:"kind"`               // threat | transfer_request | repeat_contact | resolved | unresolved | promise
	Category string `json:"category,omitempty"` // for threats: complaint | regulator | media | legal | refund | cancel
	Phrase   string `json:"phrase"`
	Turn     int    `json:"turn"`
}

type phraseSet struct {
	kind, category string
	phrases        []string
	role           string // whose turns count: customer, agent
}

// signalSets are the phrase lists, checked on cleaned text without punctuation.
var signalSets = []phraseSet{
	{"threat", "complaint", []string{"投诉", "举报", "差评", "维权"}, RoleCustomer},
	{"threat", "regulator", []string{"12315", "12345", "12321", "12378", "12363", "12300", "315", "工信部", "消协", "消费者协会", "市场监管", "工商局", "银保监", "银监会", "金融监管", "人民银行", "通管局", "监管部门"}, RoleCustomer},
	{"threat", "media", []string{"曝光", "媒体", "记者", "发微博", "微博上", "发抖音", "抖音上", "发到网上", "网上发", "朋友圈", "黑猫投诉"}, RoleCustomer},
	{"threat", "legal", []string{"律师", "起诉", "法院", "告你们", "报警", "打官司", "仲裁", "法律途径", "走法律"}, RoleCustomer},
	{"threat", "refund", []string{"退款", "退钱", "退货", "赔偿", "索赔", "退费", "赔钱", "双倍赔偿", "假一赔三"}, RoleCustomer},
	{"threat", "cancel", []string{"销户", "销号", "携号转网", "转网", "注销", "再也不买", "再也不用", "换一家", "取消订单"}, RoleCustomer},
	{"transfer_request", "", []string{"转人工", "人工服务", "人工客服", "真人", "找你们领导", "叫你们领导", "找领导", "你们主管", "你们经理", "换个人", "你们上级", "负责人"}, RoleCustomer},
	{"repeat_contact", "", []string{"又打", "再次来电", "再次联系", "又来问", "第二次", "第三次", "好几次", "几次了", "多次", "打了好几", "上次打", "之前打过", "已经打过", "一直没解决", "还没解决", "还是没解决", "还是没有", "又来", "反复", "三番五次", "每次都"}, RoleCustomer},
	{"resolved", "", []string{"好的谢谢", "谢谢", "感谢", "明白了", "知道了", "可以了", "解决了", "没问题", "好的", "那就好", "满意", "行了", "辛苦了", "清楚了"}, RoleCustomer},
	{"unresolved", "", []string{"还是不行", "没解决", "不满意", "算了", "没用", "等于没说", "说了也白说", "那怎么办", "不接受", "不同意"}, RoleCustomer},
	{"promise", "", []string{"为您登记", "给您登记", "为您反馈", "给您反馈", "帮您反馈", "提交", "工单", "专人", "小时内", "回电", "回复您", "加急", "跟进", "催促", "为您申请", "给您申请", "帮您申请", "处理好了", "已经为您", "已为您", "给您补偿", "为您补偿"}, RoleAgent},
}

// findSignals returns the signals of one cleaned turn (negated phrases skipped).
func findSignals(text, role string, turn int) []Signal {
	var out []Signal
	for _, set := range signalSets {
		if set.role != role {
			continue
		}
		for _, p := range set.phrases {
			i := strings.Index(text, p)
			if i < 0 {
				continue
			}
			if set.kind == "threat" || set.kind == "resolved" {
				before := []rune(text[:i])
				if n := len(before); n > 0 && mention.IsNegator(before[n-1]) || n > 1 && mention.IsNegator(before[n-2]) && before[n-1] == '会' {
					continue
				}
			}
			out = append(out, Signal{Kind: set.kind, Category: set.category, Phrase: p, Turn: turn})
			break // one signal per set and turn
		}
	}
	if role == RoleCustomer && shortOK[strings.ToLower(text)] {
		out = append(out, Signal{Kind: "resolved", Phrase: text, Turn: turn})
	}
	return out
}

// shortOK are whole customer turns that accept what the agent said.
var shortOK = map[string]bool{"好": true, "行": true, "嗯好": true, "ok": true, "okay": true, "好吧": true, "可以": true, "嗯嗯": true}

// stripPunct removes punctuation and spaces so phrase matching ignores ASR/typing layout.
func stripPunct(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !isBreak(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
