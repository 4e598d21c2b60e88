package calls

import "github.com/tingzhen/tingzhen/insights"

// MergeDims fills d's empty fields from def (a call's own dims win over those a request
// or a command line gives for every call).
func MergeDims(d, def insights.Dims) insights.Dims {
	for _, p := range [][2]*string{{&d.Channel, &def.Channel}, {&d.Brand, &def.Brand}, {&d.Product, &def.Product}, {&d.Store, &def.Store}, {&d.Region, &def.Region}, {&d.Segment, &def.Segment}} {
		if *p[0] == "" {
			*p[0] = *p[1]
		}
	}
	if len(d.Tags) == 0 {
		d.Tags = def.Tags
	}
	return d
}
