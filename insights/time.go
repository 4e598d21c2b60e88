package insights

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Unix timestamps: 9-10 digits are seconds (2001-09-09 .. 2286), 12-13 digits are
// milliseconds. An 8-digit number is read as a date (20060102).
var (
	reUnix       = regexp.MustCompile(`^-?\d{9,10}$|^\d{12,13}$`)
	reCompact    = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	reDateTime   = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$`)
	reChinese    = regexp.MustCompile(`^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*(?:(上午|早上|凌晨|中午|下午|晚上)\s*)?(\d{1,2})\s*[:：点时]\s*(?:(\d{1,2})\s*分?)?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?$`)
	reRFC3339ish = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$`)
)

// ParseTime reads an event time. Accepted: RFC 3339 (with or without seconds, "T" or a
// space), 2006-01-02 / 2006/01/02 / 2006.1.2 with an optional " 15:04[:05]", 20060102,
// Chinese dates 2024年11月3日 (号 also), optionally followed by a time (14:05, 14点05分,
// 下午2点), unix seconds (9–10 digits) or milliseconds (12–13 digits). Times without a
// zone are read in loc (time.Local when nil). A Chinese date without a year (11月3日) is
// an error: the year is not guessed.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	in := s
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("parse time: empty")
	}
	if len(s) > 64 {
		return time.Time{}, fmt.Errorf("parse time %.20q…: longer than 64 bytes", in)
	}
	switch {
	case reUnix.MatchString(s):
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("parse time %q: %w", in, err)
		}
		if len(strings.TrimPrefix(s, "-")) >= 12 {
			return time.UnixMilli(n).In(loc), nil
		}
		return time.Unix(n, 0).In(loc), nil
	case reRFC3339ish.MatchString(s):
		v := strings.Replace(s, " ", "T", 1)
		if z := v[len(v)-5:]; len(v) > 5 && (z[0] == '+' || z[0] == '-') && !strings.Contains(z, ":") {
			v = v[:len(v)-2] + ":" + v[len(v)-2:] // +0800 → +08:00
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
			if t, err := time.Parse(layout, v); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("parse time %q: not a valid RFC 3339 time", in)
	}
	if m := reCompact.FindStringSubmatch(s); m != nil {
		return build(in, loc, m[1], m[2], m[3], "", "", "", "")
	}
	if m := reDateTime.FindStringSubmatch(s); m != nil {
		return build(in, loc, m[1], m[2], m[3], m[4], m[5], m[6], "")
	}
	if m := reChinese.FindStringSubmatch(s); m != nil {
		if m[1] == "" {
			return time.Time{}, fmt.Errorf("parse time %q: a date without a year; give the year (2024年%s月%s日)", in, m[2], m[3])
		}
		return build(in, loc, m[1], m[2], m[3], m[5], m[6], m[7], m[4])
	}
	return time.Time{}, fmt.Errorf("parse time %q: not RFC 3339, 2006-01-02[ 15:04[:05]], 2006/01/02, 20060102, 2006年1月2日[ 15:04] or unix seconds/milliseconds", in)
}

func build(in string, loc *time.Location, ys, ms, ds, hs, mins, ss, ampm string) (time.Time, error) {
	atoi := func(x string) int {
		if x == "" {
			return 0
		}
		n, _ := strconv.Atoi(x)
		return n
	}
	y, mo, d, h, mi, sec := atoi(ys), atoi(ms), atoi(ds), atoi(hs), atoi(mins), atoi(ss)
	switch ampm {
	case "下午", "晚上":
		if h < 12 {
			h += 12
		}
	case "中午":
		if h < 6 {
			h += 12
		}
	case "上午", "早上", "凌晨":
		if h == 12 {
			h = 0
		}
	}
	if y < 1900 || y > 2999 {
		return time.Time{}, fmt.Errorf("parse time %q: year %d out of range 1900..2999", in, y)
	}
	if mo < 1 || mo > 12 {
		return time.Time{}, fmt.Errorf("parse time %q: month %d out of range", in, mo)
	}
	if h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, fmt.Errorf("parse time %q: time of day %02d:%02d:%02d out of range", in, h, mi, sec)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)
	if d < 1 || t.Day() != d {
		return time.Time{}, fmt.Errorf("parse time %q: no day %d in %d-%02d", in, d, y, mo)
	}
	return t, nil
}
