package feeling

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of machine text: the value of NotScored for a text that is not a feeling.
const (
	OrderCard   = "order_card"   // [订单编号:…，订单金额:…，下单时间:…], 咨询订单号:… 订单金额:…, a pasted order line
	ProductCard = "product_card" // "2297112 品胜（PISEN）苹果数据线 …", a title ending in [商品快照]
	SystemNote  = "system"       // 系统消息 / 系统提示 / 用户发起转人工 …, the web chat's 顾客通过点击…信息发送:, menu buttons (订单业务咨询, 我要转人工), auto-replies
	Link        = "link"         // URLs and the corpus's [链接x]
	Number      = "number"       // a bare order, tracking or phone number
	Masks       = "masks"        // anonymisation masks or the widget's emoji codes only: [数字x] [订单x] #E-s21 …
)

type machineSpan struct {
	re   *regexp.Regexp
	kind string
	lits []string // the pattern runs only on text holding one of these (nil: startsWithDigits or !@@@!)
	// twice: the pattern needs the space before (and after) a match, so it runs until
	// nothing is left to cut (配送咨询 配送咨询, 订单号:[订单x] 订单号:[数字x]).
	twice bool
}

// may says s's pattern can match t.
func (s machineSpan) may(t string) bool {
	if s.lits == nil {
		return startsWithDigits(t, 5) || strings.Contains(t, "!@@@!")
	}
	for _, l := range s.lits {
		if strings.Contains(t, l) {
			return true
		}
	}
	return false
}

// snapshotRe is the widget's product card: a product title ending in [商品快照] (from the
// last sentence break).
var snapshotRe = regexp.MustCompile(`[^。！？!?~～]*[\[【]?商品快照[\]】]?`)

// pastedIDs is an order, service or shop number pasted with its field name (订单号:[订单x],
// 订单号: [数字x], 订单:[订单x], 单号:[数字x], 售后服务单号:[数字x], 商家ID: ;[数字x]), with the
// date and time a pasted order line carries. A turn of these only (and greetings or a
// confirmation: 订单号 [订单x] 是的) is an order card; in a turn with the customer's words
// they stay, so the model reads those turns as before (cut, they moved 3 chat DEV turns).
var pastedIDs = regexp.MustCompile(`(?:^|[\s;；，,。!！?？])(?:(?:(?:售后服务|申请维修|退货|物流|快递)?单号|订单号)(?:\s*[:：,，]|\s)|(?:订单|商家ID|店铺ID)\s*[:：])[\s;；]*(?:\[(?:订单|数字|电话)x\]|[0-9]{6,})(?:\s*\[日期x\]\s*\[时间x\])?`)

// cutIDs removes every pasted ID of t (a match needs the break before it, so it runs until
// none is left).
func cutIDs(t string) string {
	if !strings.Contains(t, "单号") && !strings.Contains(t, "订单") && !strings.Contains(t, "ID") || !pastedIDs.MatchString(t) {
		return t
	}
	return cutAll(pastedIDs, t)
}

// cutAll replaces the matches of re in t with a space until none is left: a pattern that
// needs the break before (and after) a match misses the second of two adjacent ones in one
// pass, as their shared space goes with the first.
func cutAll(re *regexp.Regexp, t string) string {
	for {
		u := re.ReplaceAllString(t, " ")
		if u == t {
			return t
		}
		t = u
	}
}

// machineSpans are pieces of machine text inside a turn, in the order they are cut out.
// Both full-width and ASCII punctuation are accepted (the engine reads normalised text,
// transcripts the text as given).
var machineSpans = []machineSpan{
	// The web chat's order-card preamble: 顾客通过点击web咚咚[站点x]信息发送:
	{regexp.MustCompile(`顾客通过点击\S*?信息发送[:：]`), SystemNote, []string{"信息发送"}, false},
	// An order card: [订单编号:…，订单金额:…，下单时间:…] (nested [x] placeholders allowed).
	{regexp.MustCompile(`[\[【]\s*订单编号[:：](?:[^\[\]【】]|\[[^\[\]]*\])*[\]】]`), OrderCard, []string{"订单编号"}, false},
	// A pasted order line: [日期x] [时间x] 订单编号:[数字x] 订单金额:￥[金额x], or with real values.
	{regexp.MustCompile(`(?:(?:\[日期x\]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:\[时间x\]|\d{1,2}:\d{2}(?::\d{2})?)\s*)?订单编号[:：]\s*(?:\[[^\[\]]*\]|[0-9A-Za-z]+)\s*订单金额[:：]\s*[￥¥]?\s*(?:\[[^\[\]]*\]|[0-9.]+)?`), OrderCard, []string{"订单编号"}, false},
	// The order the customer picked in the app: 咨询订单号:[订单x] 订单金额:[金额x] 下单时间:[日期x],
	// 咨询订单号:[订单x] 商品ID:[数字x] (values may be masked as 9***), 您选择了一个订单进行咨询(订单号:…;商品编号:…).
	// The app's 查询订单号:[订单x]， 商品号:[数字x] is the same card.
	{regexp.MustCompile(`(?:咨询|查询)订单号[:：]\s*(?:\[[^\[\]]*\]|[0-9A-Za-z*]+)(?:\s*[，,;；]?\s*(?:订单金额|下单时间|商品ID|商品编号|商品号)[:：]\s*(?:\[[^\[\]]*\]|[0-9A-Za-z.:/￥¥*-]+)?)*`), OrderCard, []string{"咨询订单号", "查询订单号"}, false},
	{regexp.MustCompile(`您选择了一个订单进行咨询\s*[(（][^)）]*[)）]`), OrderCard, []string{"您选择了一个订单"}, false},
	// A product card: a SKU and the product title, at the start of a line or of a message of a
	// multi-message reply (JDDC joins them with !@@@!), up to the next sentence punctuation; the
	// title names a brand or model in brackets (品胜（PISEN）, (AUX)), which a customer's
	// "75123456 这个什么时候到" does not.
	{regexp.MustCompile(`(?:^|!@@@!)\s*\d{5,}\s+[^!！?？。，,]*[(（][^!！?？。，,]*`), ProductCard, nil, false},
	// A product title ending in the widget's [商品快照] marker (from the last sentence break).
	{snapshotRe, ProductCard, []string{"商品快照"}, false},
	// Links: URLs and the corpus's anonymised [链接x].
	// A URL is ASCII up to a space, a bracket or JDDC's !@@@! separator: the words after
	// https://item.jd.com/4384782.html#crumb-wrap!@@@!这款是支持p20的呢 are the agent's.
	{regexp.MustCompile(`https?://[A-Za-z0-9\-._~:/?#@$&'*+,;=%(]+|www\.[A-Za-z0-9\-._~:/?#@$&'*+,;=%(]+|\[链接x\]`), Link, []string{"://", "www.", "[链接x]"}, false},
	// The widget's menu buttons and prompts, each a message of its own (at the start or after a
	// space): 订单业务咨询, 商品信息咨询, 配送咨询, 发票类咨询, 少件咨询, 请选择咨询订单,
	// 请选择您要咨询的业务类型, 我要转人工, the entry 京东快递(移动端).
	{regexp.MustCompile(`(?:^|\s)(?:(?:订单业务|商品信息(?:及活动)?|配送|返修退换货|会员权益|订单修改及信息|发票类?|订单类|少件)咨询|请选择咨询订单|请选择您要咨询的业务类型|我要转人工)(?:\s|$)`), SystemNote, []string{"咨询", "转人工"}, true},
	{regexp.MustCompile(`京东快递\s*[(（]移动端[)）]`), SystemNote, []string{"移动端"}, false},
	// A shop's automatic greeting: 欢迎光临华*官方旗舰店#E-s21为提升服务质量，您的咨询可能会被记录.
	{regexp.MustCompile(`(?:欢迎光临[^，。!！]*?)?为提升服务质量[，,]?您的咨询可能会被记录`), SystemNote, []string{"您的咨询可能会被记录"}, false},
	// The widget's emoji codes: #E-s21.
	{regexp.MustCompile(`#E-s\d+`), Masks, []string{"#E-"}, false},
	// A pasted service notice: 尊敬的客户，我们已为您的服务单…请您注意查收。微信关注“京东售后”，售后进度随时查看。[链接x]
	{regexp.MustCompile(`尊敬的(?:客户|用户)[，,][^!]*?(?:\[链接x\](?:\[站点x\])?|随时查看[。.]?)`), SystemNote, []string{"尊敬的"}, false},
}

// systemOpen: a turn opening with one of these is a system notice as a whole.
var systemOpen = []string{"系统消息", "[系统消息]", "【系统消息】", "系统提示", "【系统提示】", "[系统提示]", "系统通知", "【系统】", "[系统]", "自动回复", "用户发起转人工"}

// triggerLow has bit b set when a first rune of triggerAt's words ends in the UTF-8 byte
// 0x80|b: most other runes fail this one test.
var triggerLow = func() uint64 {
	var m uint64
	for _, r := range "【订商店信系自转单咨移尊" {
		var b [3]byte
		utf8.EncodeRune(b[:], r)
		m |= 1 << (b[2] & 0x3F)
	}
	return m
}()

// triggerAt says t, which opens with the rune r, opens with one of the CJK triggers: every
// machine span and system marker holds one of 【 订单 商品快照 商家ID 店铺ID 信息发送 系统
// 自动回复 转人工 单号 咨询 移动端 尊敬的 (or one of mayHoldMachine's ASCII ones). A switch
// on the first rune, so that the frequent 商 and 自 of reviews cost one prefix test.
func triggerAt(t string, r rune) bool {
	switch r {
	case '【':
		return true
	case '订':
		return strings.HasPrefix(t, "订单")
	case '商':
		return strings.HasPrefix(t, "商品快照") || strings.HasPrefix(t, "商家ID")
	case '店':
		return strings.HasPrefix(t, "店铺ID")
	case '信':
		return strings.HasPrefix(t, "信息发送")
	case '系':
		return strings.HasPrefix(t, "系统")
	case '自':
		return strings.HasPrefix(t, "自动回复")
	case '转':
		return strings.HasPrefix(t, "转人工")
	case '单':
		return strings.HasPrefix(t, "单号")
	case '咨':
		return strings.HasPrefix(t, "咨询")
	case '移':
		return strings.HasPrefix(t, "移动端")
	case '尊':
		return strings.HasPrefix(t, "尊敬的")
	}
	return false
}

// mayHoldMachine is the cheap test before any pattern runs: every machine span and
// system marker contains one of triggerAt's words, a '[', JDDC's !@@@!, a URL or #E-. One
// pass over the bytes; ordinary reviews fail it and cost nothing more.
func mayHoldMachine(t string) bool {
	if startsWithDigits(t, 5) {
		return true
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= 0xE0 && c < 0xF0 && i+2 < len(t) { // a 3-byte rune
			if triggerLow>>(t[i+2]&0x3F)&1 != 0 && triggerAt(t[i:], rune(c&0x0F)<<12|rune(t[i+1]&0x3F)<<6|rune(t[i+2]&0x3F)) {
				return true
			}
			i += 2
			continue
		}
		switch c {
		case '[':
			return true
		case '!':
			if strings.HasPrefix(t[i:], "!@@@!") {
				return true
			}
		case ':':
			if strings.HasPrefix(t[i:], "://") {
				return true
			}
		case 'w':
			if strings.HasPrefix(t[i:], "www.") {
				return true
			}
		case '#':
			if strings.HasPrefix(t[i:], "#E-") {
				return true
			}
		}
	}
	return false
}

func startsWithDigits(t string, n int) bool {
	t = strings.TrimLeft(t, " ")
	k := 0
	for k < len(t) && t[k] >= '0' && t[k] <= '9' {
		k++
	}
	return k >= n
}

// StripMachine removes the machine text from one turn. It returns what a person wrote
// (machine spans cut out, spaces collapsed) and, when nothing a person wrote is left or the
// turn opens with a system marker, the kind of machine text the turn is ("" when a person
// wrote something). Text with no machine span comes back unchanged.
func StripMachine(text string) (rest, kind string) {
	rest, kind, _ = stripMachine(text)
	return rest, kind
}

// stripMachine is StripMachine, also saying whether text may hold machine text at all
// (mayHoldMachine).
func stripMachine(text string) (rest, kind string, may bool) {
	if !mayHoldMachine(text) {
		return text, "", false
	}
	rest, kind = stripSpans(text)
	return rest, kind, true
}

// stripSpans is StripMachine on a text that may hold machine text.
func stripSpans(text string) (rest, kind string) {
	t := strings.TrimSpace(text)
	for _, m := range systemOpen {
		if strings.HasPrefix(t, m) {
			return "", SystemNote
		}
	}
	if strings.Contains(t, "商品快照") && snapshotRe.MatchString(t) {
		// The widget's product card is sent by the agent's side, with the agent's prompt
		// around it (请问是这个商品吗, 这个手机吗?, 请稍等): the whole turn is the card (the
		// label guide of bench/testdata/chat_turns.md; no customer turn of JDDC holds one).
		return "", ProductCard
	}
	first := ""
	for _, s := range machineSpans {
		if s.may(t) && s.re.MatchString(t) {
			if first == "" {
				first = s.kind
			}
			if s.twice {
				t = cutAll(s.re, t)
			} else {
				t = s.re.ReplaceAllString(t, " ")
			}
		}
	}
	if strings.Contains(t, "!@@@!") { // JDDC's separator between the messages of one reply
		t = strings.ReplaceAll(t, "!@@@!", " ")
		if first == "" {
			first = "-"
		}
	}
	if first == "" {
		if u := cutIDs(t); u != t && !hasWord(u) {
			return "", OrderCard
		}
		return text, ""
	}
	t = strings.Join(strings.Fields(t), " ")
	if !hasWord(t) {
		if first == "-" {
			return "", SystemNote
		}
		return "", first
	}
	return t, ""
}

// hasWord says t has a letter or a digit.
func hasWord(t string) bool {
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// Machine says whether text is machine text rather than a person's words, and which kind:
// "" for a person's words; else OrderCard, ProductCard, SystemNote, Link (StripMachine's
// kinds), Number (a bare order, tracking or phone number: ASCII letters and digits with at
// least 6 digits) or Masks (anonymisation masks only). A card followed only by a greeting
// (你好), a menu label (订单业务咨询, 少件咨询) or the widget's prompt (请问是这个商品吗) is
// still a card (the label guide of bench/testdata/chat_turns.md).
func Machine(text string) string {
	_, kind := machine(text)
	return kind
}

// machine is Machine, also returning StripMachine's rest.
func machine(text string) (rest, kind string) {
	rest, kind, may := stripMachine(text)
	switch {
	case kind != "":
		return rest, kind
	case rest != text:
		if k := cardTail(text, rest); k != "" {
			return "", k
		}
	}
	if may { // a pasted ID holds a trigger (订单, 单号, 商家ID, 店铺ID)
		if u := cutIDs(rest); u != rest && (!hasWord(u) || onlyTail(u)) {
			return "", OrderCard // 订单号 [订单x] 是的
		}
	}
	if onlyMasks(rest) {
		return "", Masks
	}
	if bareNumber(rest) {
		return "", Number
	}
	return rest, ""
}

// cardGreetings and cardPrompts may follow a card without making it a person's words.
var (
	cardGreetings = []string{"你好", "您好", "在吗", "在不在", "在么", "hi", "hello", "人工服务", "人工客服", "人工", "转人工",
		"是这个", "就这个", "是的", "对的"} // the customer confirms the card the widget asked about
	cardPrompts = []string{"请问是这个商品吗", "是这个商品吗", "请选择咨询订单"}
)

// cardTail says whether rest, what is left of text once its machine spans are cut, is only
// greetings, a menu label (a few characters ending in 咨询) or the widget's prompt; it
// returns the kind of text's first machine span then.
func cardTail(text, rest string) string {
	if !onlyTail(rest) {
		return ""
	}
	for _, s := range machineSpans { // the kind of the first span, as StripMachine names it
		if s.may(text) && s.re.MatchString(text) {
			return s.kind
		}
	}
	return SystemNote // only JDDC's !@@@! separator was cut
}

// onlyTail says t is only greetings, confirmations, masks, menu labels or the widget's
// prompt: what may follow a card.
func onlyTail(t string) bool {
	for {
		t = strings.TrimLeftFunc(t, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '[') })
		if t == "" {
			break
		}
		n := maskAt(t, 0) // 请选择咨询订单 [订单x] 你好
		if n == 0 && t[0] == '[' {
			n = 1
		}
		for _, p := range cardGreetings {
			if n > 0 {
				break
			}
			if strings.HasPrefix(strings.ToLower(t), p) {
				n = len(p)
				break
			}
		}
		if n == 0 {
			for _, p := range cardPrompts {
				if strings.HasPrefix(t, p) {
					n = len(p)
					break
				}
			}
		}
		if n == 0 { // a menu label: up to 8 letters ending in 咨询
			w := strings.IndexFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
			if w < 0 {
				w = len(t)
			}
			if strings.HasSuffix(t[:w], "咨询") && utf8.RuneCountInString(t[:w]) <= 8 {
				n = w
			}
		}
		if n == 0 {
			return false
		}
		t = t[n:]
	}
	return true
}

// onlyMasks: at least one mask and nothing else but spaces and punctuation.
func onlyMasks(t string) bool {
	if strings.IndexByte(t, '[') < 0 {
		return false
	}
	n := 0
	for i := 0; i < len(t); {
		if m := maskAt(t, i); m > 0 {
			n++
			i += m
			continue
		}
		r, w := utf8.DecodeRuneInString(t[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
		i += w
	}
	return n > 0
}

// bareNumber: ASCII letters, digits and separators only, with at least 6 digits
// (75123456789, JDVA01234567890, 1234-5678-90).
func bareNumber(t string) bool {
	digits := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == ' ', c == '-', c == '_', c == '#', c == ':', c == '.', c == '/':
		default:
			return false
		}
	}
	return digits >= 6
}
