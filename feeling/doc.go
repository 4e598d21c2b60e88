// Package feeling decides whether a text is a feeling at all, and how the pieces of a text
// make its one label: the policy between the sentiment model's probabilities and the label
// tingzhen returns for a review, a sentence, or a chat or call turn.
//
// Its rules, all in this package and all plain string checks (no model):
//
//   - Machine text is not a feeling. Order cards ([订单编号:…，下单时间:…], 咨询订单号:…,
//     查询订单号:…商品号:…, a turn of pasted order or service numbers only: 订单号:[订单x]),
//     product cards (a JDDC agent line "2297112 品胜（PISEN）… !@@@!…", a title ending in
//     [商品快照], with the agent's prompt around it), system notices (系统消息, 系统提示,
//     用户发起转人工, the widget's menu buttons and prompts 订单业务咨询, 请选择咨询订单, 我要转人工,
//     京东快递(移动端), a shop's auto-reply), links, a bare order or tracking number, and a line
//     of anonymisation masks or emoji codes only ([数字x] [订单x] #E-s21 …) come out
//     neutral with Verdict.NotScored naming the kind; the engine does not let the model read
//     them, and a call's peak-end and emotion map skip them (Machine, StripMachine).
//   - Anonymisation masks inside a person's words are rewritten to what the sentiment model
//     was trained with ([数字x] → 3, [金额x] → 99元, [日期x] → 5月3日, [时间x] → 10点; other
//     masks are dropped), so that a prefix such as [数字x] cannot flip a complaint (ModelText).
//   - A polite closing, acknowledgement or greeting (没了, 没有啦😊, 没事，麻烦你了，不好意思, 好的谢谢,
//     你好 …) is not a complaint: neutral, positive when it thanks (Closing).
//   - When the model reads a turn neutral: a complaint cue (没收到, 还没到账, 坏了, 人呢 …) makes it
//     negative (Complaint), else a closing thanks in a longer turn (好谢谢 你记得改，是纸质发票吗?)
//     positive (ThanksPart). The model's neutral class was learned from customer questions, so
//     it reads many complaints as inquiries.
//   - A turn of a conversation (engine.Conversational: the input has a role) has rules of its
//     own (JudgeTurn, TurnModelText; reviews keep Judge and ModelText): a complaint cue, or a
//     turn-only one (TurnComplaint: 不是…吗, 明明, 怎么是, 登录不了, 不到账, 怎么回事, 着急 …),
//     not negated (Negated: 看有没有问题), makes it negative also when the model reads it
//     positive; an inquiry (Inquiry: a question or a polite request) without a cue that the
//     model reads negative, or without thanks that it reads positive, is neutral
//     (RuleInquiry); and the model does not read a longer turn's acknowledgements and
//     greetings (好吧，那在考虑一下) unless it thanks.
//   - A customer's turn (Policy.JudgeCustomerTurn; never an agent's or the system's) also
//     counts a complaint event as a cue (CustomerEvent): an inability, a verb + 不了 (查不了,
//     实名不了) or 无法 + a verb (无法提交), in a turn that does not ask or request, not
//     negated, not in a supposition (如果, 的话, 怕 …). Chosen on chat dev3 by a pre-committed
//     rule (bench/results/notes/chatcomp-s10-shiprule.md).
//
// The labels, words and cues were chosen on the labelled chat DEV turns
// (bench/testdata/chat_turns_dev.jsonl and chat_turns_dev2.jsonl) and their label guide
// (chat_turns.md).
//   - A document's label may weight its overall judgement: the clause after the last contrast
//     or summary marker (但是, 不过, 可是, 总的来说, 总体, 整体 …) mixed into the whole text's
//     probabilities with weight Policy.OverallWeight (Overall, Mix). Off by default: measured
//     on a validation part of the sentiment model's own test splits it did not hold up on the
//     test part (Policy.OverallWeight).
//   - A text longer than the sentiment model's window is read by windows of whole
//     consecutive sentences (Pack: the fewest windows, as even as they can be) whose
//     probabilities combine into the document's (Combine; Policy.LongDoc, default the
//     token-weighted log-probabilities): chosen on a validation half of long texts from four
//     sources, reported on the other (bench/results/longdoc.md). The old reading, the
//     sentences' probabilities averaged, is LongSentences.
//
// Table tests on real Chinese text are in feeling_test.go; the held-out measures are
// `tingzhen bench accuracy --chat` (chat turns), `--long` (long mixed reviews) and
// `--longdoc` (texts longer than the model window).
package feeling
