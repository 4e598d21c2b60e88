package mention

import "github.com/tingzhen/tingzhen/kg"

// KGRefOf is a graph mapping in the one JSON shape a mapping has everywhere: a result's
// aspects[].kg, POST /v1/kg/map's kg and `tingzhen kg map`'s kg (names, and the same nodes
// by id under ids). The mapping's confidence is not part of it: a mention carries its own,
// and the map answers put it beside kg.
func KGRefOf(m kg.Mapping) *KGRef { return ref(m) }
