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
	SystemNote  = "system"       // 系统消息 / 系统提示 / 用户发起转人工 …, the web chat's 顾客通过点击…信息发送:
	Link        = "link"         // URLs and the corpus's [链接x]
	Number      = "number"       // a bare order, tracking or phone number
	Masks       = "masks"        // anonymisation masks only: [数字x] [订单x] …
)

type machineSpan struct {
	re   *regexp.Regexp
	kind string
	lits []string // the pattern runs only on text holding one of these (nil: startsWithDigits or !@@@!)
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

// machineSpans are pieces of machine text inside a turn, in the order they are cut out.
// Both full-width and ASCII punctuation are accepted (the engine reads normalised text,
// transcripts the text as given).
var machineSpans = []machineSpan{
	// The web chat's order-card preamble: 顾客通过点击web咚咚[站点x]信息发送:
	{regexp.MustCompile(`顾客通过点击\S*?信息发送[:：]`), SystemNote, []string{"信息发送"}},
	// An order card: [订单编号:…，订单金额:…，下单时间:…] (nested [x] placeholders allowed).
	{regexp.MustCompile(`[\[【]\s*订单编号[:：](?:[^\[\]【】]|\[[^\[\]]*\])*[\]】]`), OrderCard, []string{"订单编号"}},
	// A pasted order line: [日期x] [时间x] 订单编号:[数字x] 订单金额:￥[金额x], or with real values.
	{regexp.MustCompile(`(?:(?:\[日期x\]|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:\[时间x\]|\d{1,2}:\d{2}(?::\d{2})?)\s*)?订单编号[:：]\s*(?:\[[^\[\]]*\]|[0-9A-Za-z]+)\s*订单金额[:：]\s*[￥¥]?\s*(?:\[[^\[\]]*\]|[0-9.]+)?`), OrderCard, []string{"订单编号"}},
	// The order the customer picked in the app: 咨询订单号:[订单x] 订单金额:[金额x] 下单时间:[日期x],
	// 咨询订单号:[订单x] 商品ID:[数字x] (values may be masked as 9***), 您选择了一个订单进行咨询(订单号:…;商品编号:…).
	{regexp.MustCompile(`咨询订单号[:：]\s*(?:\[[^\[\]]*\]|[0-9A-Za-z*]+)(?:\s*(?:订单金额|下单时间|商品ID|商品编号)[:：]\s*(?:\[[^\[\]]*\]|[0-9A-Za-z.:/￥¥*-]+)?)*`), OrderCard, []string{"咨询订单号"}},
	{regexp.MustCompile(`您选择了一个订单进行咨询\s*[(（][^)）]*[)）]`), OrderCard, []string{"您选择了一个订单"}},
	// A product card: a SKU and the product title, at the start of a line or of a message of a
	// multi-message reply (JDDC joins them with !@@@!), up to the next sentence punctuation; the
	// title names a brand or model in brackets (品胜（PISEN）, (AUX)), which a customer's
	// "75123456 这个什么时候到" does not.
	{regexp.MustCompile(`(?:^|!@@@!)\s*\d{5,}\s+[^!！?？。，,]*[(（][^!！?？。，,]*`), ProductCard, nil},
	// A product title ending in the widget's [商品快照] marker (from the last sentence break).
	{regexp.MustCompile(`[^。！？!?~～]*[\[【]?商品快照[\]】]?`), ProductCard, []string{"商品快照"}},
	// Links: URLs and the corpus's anonymised [链接x].
	{regexp.MustCompile(`https?://[^\s，。！？、）)]+|www\.[^\s，。！？、）)]+|\[链接x\]`), Link, []string{"://", "www.", "[链接x]"}},
}

// systemOpen: a turn opening with one of these is a system notice as a whole.
var systemOpen = []string{"系统消息", "[系统消息]", "【系统消息】", "系统提示", "【系统提示】", "[系统提示]", "系统通知", "【系统】", "[系统]", "自动回复", "用户发起转人工"}

// triggerRunes open the CJK triggers of mayHoldMachine (【 订 商 信 系 自 转), as the 3-byte
// big-endian value of their UTF-8 encoding.
var triggerRunes = [...]uint32{utf8Of('【'), utf8Of('订'), utf8Of('商'), utf8Of('信'), utf8Of('系'), utf8Of('自'), utf8Of('转')}

func utf8Of(r rune) uint32 {
	var b [3]byte
	utf8.EncodeRune(b[:], r)
	return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
}

// mayHoldMachine is the cheap test before any pattern runs: every machine span and
// system marker contains one of these triggers. One pass over the bytes; ordinary reviews
// fail it and cost nothing more.
func mayHoldMachine(t string) bool {
	if startsWithDigits(t, 5) {
		return true
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= 0xE0 && c < 0xF0 && i+2 < len(t) { // a 3-byte rune
			v := uint32(c)<<16 | uint32(t[i+1])<<8 | uint32(t[i+2])
			for _, tr := range triggerRunes {
				if v == tr {
					if c == 0xE3 || strings.HasPrefix(t[i:], "订单") || strings.HasPrefix(t[i:], "商品快照") ||
						strings.HasPrefix(t[i:], "信息发送") || strings.HasPrefix(t[i:], "系统") ||
						strings.HasPrefix(t[i:], "自动回复") || strings.HasPrefix(t[i:], "转人工") {
						return true
					}
					break
				}
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
	if !mayHoldMachine(text) {
		return text, ""
	}
	t := strings.TrimSpace(text)
	for _, m := range systemOpen {
		if strings.HasPrefix(t, m) {
			return "", SystemNote
		}
	}
	first := ""
	for _, s := range machineSpans {
		if s.may(t) && s.re.MatchString(t) {
			if first == "" {
				first = s.kind
			}
			t = s.re.ReplaceAllString(t, " ")
		}
	}
	if strings.Contains(t, "!@@@!") { // JDDC's separator between the messages of one reply
		t = strings.ReplaceAll(t, "!@@@!", " ")
		if first == "" {
			first = "-"
		}
	}
	if first == "" {
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
	rest, kind = StripMachine(text)
	switch {
	case kind != "":
		return rest, kind
	case rest != text:
		if k := cardTail(text, rest); k != "" {
			return "", k
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
	cardGreetings = []string{"你好", "您好", "在吗", "在不在", "在么", "hi", "hello", "人工服务", "人工客服", "人工", "转人工"}
	cardPrompts   = []string{"请问是这个商品吗", "是这个商品吗", "请选择咨询订单"}
)

// cardTail says whether rest, what is left of text once its machine spans are cut, is only
// greetings, a menu label (a few characters ending in 咨询) or the widget's prompt; it
// returns the kind of text's first machine span then.
func cardTail(text, rest string) string {
	t := rest
	for {
		t = strings.TrimLeftFunc(t, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r)) })
		if t == "" {
			break
		}
		n := 0
		for _, p := range cardGreetings {
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
			return ""
		}
		t = t[n:]
	}
	for _, s := range machineSpans { // the kind of the first span, as StripMachine names it
		if s.may(text) && s.re.MatchString(text) {
			return s.kind
		}
	}
	return SystemNote // only JDDC's !@@@! separator was cut
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
