package calls

import "github.com/tingzhen/tingzhen/feeling"

// RoleSystem marks a turn that is machine text, not a person: an order card the chat
// widget inserts, a pasted order line, a product card, a 系统消息, a bare link. Its aspects
// stay in the call result (role=system) and are never counted.
const RoleSystem = "system"

// StripSystem removes the machine text from one turn: it returns what a person wrote and
// whether the whole turn is machine text (nothing a person wrote is left, or it opens with
// a system marker). The rules live in package feeling (feeling.StripMachine), the one
// home of "is this text a feeling"; table test on real JDDC lines: system_test.go.
func StripSystem(text string) (rest string, system bool) {
	rest, kind := feeling.StripMachine(text)
	if kind != "" {
		return "", true
	}
	return rest, false
}
