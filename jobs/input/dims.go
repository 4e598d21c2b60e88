package input

import (
	"encoding/json"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"slices"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/insights"
)

// Dimensions a record may carry: the keys of Options.Fields.
const (
	DimChannel = "channel"
	DimBrand   = "brand"
	DimProduct = "product"
	DimStore   = "store"
	DimRegion  = "region"
	DimSegment = "segment"
	DimTags    = "tags"
)

// DimNames lists the dimensions, in order.
var DimNames = []string{DimChannel, DimBrand, DimProduct, DimStore, DimRegion, DimSegment, DimTags}

// defaultTimeFields are the JSON keys / columns read as the event time when
// Options.TimeField is empty, first match wins (case-insensitive).
var defaultTimeFields = []string{"time", "date", "datetime", "timestamp", "created_at", "create_time", "日期", "时间", "评论时间", "发布时间"}

// defaultDimFields are the JSON keys / columns read as each dimension when Options.Fields
// does not name one.
var defaultDimFields = map[string][]string{
	DimChannel: {"channel", "渠道"},
	DimBrand:   {"brand", "品牌"},
	DimProduct: {"product", "商品", "产品"},
	DimStore:   {"store", "shop", "门店", "店铺"},
	DimRegion:  {"region", "区域", "地区"},
	DimSegment: {"segment", "客群"},
	DimTags:    {"tags", "标签"},
}

// roleFields are the keys / columns read as who speaks (engine.Input.Role).
var roleFields = []string{"role", "角色"}

// aspectsFields are the keys / columns read as the record's named aspect terms
// (Record.Aspects).
var aspectsFields = []string{"aspects"}

// normRole maps a role as exports write it to customer | agent | system; other values are
// kept (the engine rejects them with bad_role).
func normRole(v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "customer", "user", "客户", "顾客", "用户", "买家":
		return ""
	case "agent", "staff", "客服", "坐席", "座席", "商家":
		return "agent"
	case "system", "bot", "系统":
		return "system"
	}
	return strings.TrimSpace(v)
}

// CheckFields reports a dimension name in fields (Options.Fields, --field NAME=COLUMN) that
// is not one of DimNames, or an empty column.
func CheckFields(fields map[string]string) error {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !slices.Contains(DimNames, k) {
			return fmt.Errorf("unknown dimension %q in --field %s=%s: want one of %s (the time has its own --time-field)", k, k, fields[k], strings.Join(DimNames, ", "))
		}
		if strings.TrimSpace(fields[k]) == "" {
			return fmt.Errorf("--field %s= names no column", k)
		}
	}
	return nil
}

// fieldPlan says which key or column feeds the time and each dimension.
type fieldPlan struct {
	time    string
	role    string
	aspects string
	dims    map[string]string // dimension → key/column
}

// planFields resolves Options.TimeField / Options.Fields and the default names against the
// keys a file has (find returns the key as the file spells it). explicit lists fields the
// caller named that the file lacks.
func planFields(opt Options, find func(string) (string, bool)) (p fieldPlan, missing []string) {
	p.dims = map[string]string{}
	if opt.TimeField != "" {
		if k, ok := find(opt.TimeField); ok {
			p.time = k
		} else {
			missing = append(missing, "time field "+opt.TimeField)
		}
	} else {
		for _, f := range defaultTimeFields {
			if k, ok := find(f); ok {
				p.time = k
				break
			}
		}
	}
	for _, f := range roleFields {
		if k, ok := find(f); ok {
			p.role = k
			break
		}
	}
	for _, f := range aspectsFields {
		if k, ok := find(f); ok {
			p.aspects = k
			break
		}
	}
	for _, d := range DimNames {
		if col, ok := opt.Fields[d]; ok {
			if k, ok := find(col); ok {
				p.dims[d] = k
			} else {
				missing = append(missing, d+" field "+col)
			}
			continue
		}
		for _, f := range defaultDimFields[d] {
			if k, ok := find(f); ok {
				p.dims[d] = k
				break
			}
		}
	}
	return p, missing
}

// setDim stores one value of a dimension (tags: a list separated by , ; | 、 or ，).
func setDim(d *insights.Dims, name, v string) {
	v = strings.TrimSpace(v)
	switch name {
	case DimChannel:
		d.Channel = v
	case DimBrand:
		d.Brand = v
	case DimProduct:
		d.Product = v
	case DimStore:
		d.Store = v
	case DimRegion:
		d.Region = v
	case DimSegment:
		d.Segment = v
	case DimTags:
		d.Tags = SplitList(v)
	}
}

// SplitList splits a list written in one field or flag (tags, named aspects: 屏幕|电池,
// 屏幕，电池) on , ; | 、 ， and ；, trims each item and drops empty ones.
func SplitList(v string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",;|、，；", r) }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// jsonTags reads a JSON array of strings, or a string list.
func jsonTags(raw json.RawMessage) []string {
	var xs []string
	if json.Unmarshal(raw, &xs) == nil {
		out := xs[:0]
		for _, x := range xs {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	return SplitList(scalar(raw))
}

// AspectsJSON reads a record's JSON "aspects" value: an array of strings, or none when it
// is absent or null. ok is false for anything else, which is the record's error bad_aspects
// wherever records are read (jobs, analyze JSONL, the API's batch items).
func AspectsJSON(raw json.RawMessage) (terms []string, ok bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	if json.Unmarshal(raw, &terms) != nil {
		return nil, false
	}
	return terms, true
}

// jsonAspects reads the aspects key: an array of strings (null: none). Anything else is
// the record's error bad_aspects, as `tingzhen analyze` refuses it.
func jsonAspects(raw json.RawMessage) ([]string, *Error) {
	xs, ok := AspectsJSON(raw)
	if !ok {
		return nil, &Error{Code: string(recorderr.BadAspects), Message: fmt.Sprintf("aspects is not an array of strings: %s", clipBytes(raw, 60))}
	}
	return xs, nil
}
