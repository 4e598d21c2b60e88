package parse

import (
	"encoding/binary"
	"fmt"
)

// DecodeWAV decodes a RIFF/WAVE file of 16-bit PCM (mono or stereo, 8 or 16 kHz) into
// float32 samples in [-1, 1], one slice per channel.
func DecodeWAV(data []byte) (rate int, channels [][]float32, err error) {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return 0, nil, fmt.Errorf("%w: not a RIFF/WAVE file", ErrFormat)
	}
	var nch, bits int
	var pcm []byte
	gotFmt := false
	for p := 12; p+8 <= len(data); {
		id := string(data[p : p+4])
		size := int(binary.LittleEndian.Uint32(data[p+4 : p+8]))
		body := data[p+8:]
		if size < 0 || size > len(body) {
			if id == "data" {
				size = len(body) // truncated or streaming writers (size 0xFFFFFFFF)
			} else {
				return 0, nil, fmt.Errorf("%w: wav chunk %q of %d bytes runs past the end", ErrFormat, id, size)
			}
		}
		body = body[:size]
		switch id {
		case "fmt ":
			if size < 16 {
				return 0, nil, fmt.Errorf("%w: wav fmt chunk too short", ErrFormat)
			}
			tag := binary.LittleEndian.Uint16(body[0:2])
			nch = int(binary.LittleEndian.Uint16(body[2:4]))
			rate = int(binary.LittleEndian.Uint32(body[4:8]))
			bits = int(binary.LittleEndian.Uint16(body[14:16]))
			if tag == 0xFFFE && size >= 26 {
				tag = binary.LittleEndian.Uint16(body[24:26]) // WAVE_FORMAT_EXTENSIBLE sub-format
			}
			if tag != 1 {
				return 0, nil, fmt.Errorf("%w: wav format tag %d is not PCM (convert with: sox in.wav -e signed -b 16 out.wav)", ErrFormat, tag)
			}
			gotFmt = true
		case "data":
			pcm = body
		}
		p += 8 + size + size%2
	}
	switch {
	case !gotFmt:
		return 0, nil, fmt.Errorf("%w: wav has no fmt chunk", ErrFormat)
	case pcm == nil:
		return 0, nil, fmt.Errorf("%w: wav has no data chunk", ErrFormat)
	case bits != 16:
		return 0, nil, fmt.Errorf("%w: wav has %d-bit samples, want 16-bit PCM", ErrFormat, bits)
	case nch != 1 && nch != 2:
		return 0, nil, fmt.Errorf("%w: wav has %d channels, want 1 or 2", ErrFormat, nch)
	case rate != 8000 && rate != 16000:
		return 0, nil, fmt.Errorf("%w: wav sample rate %d Hz, want 8000 or 16000 (resample with: sox in.wav -r 16000 out.wav)", ErrFormat, rate)
	}
	frames := len(pcm) / (2 * nch)
	channels = make([][]float32, nch)
	for c := range channels {
		channels[c] = make([]float32, frames)
	}
	for i := 0; i < frames; i++ {
		for c := 0; c < nch; c++ {
			off := (i*nch + c) * 2
			channels[c][i] = float32(int16(binary.LittleEndian.Uint16(pcm[off:off+2]))) / 32768
		}
	}
	return rate, channels, nil
}

func parseWAVCall(data []byte, opt ParseOptions) (Call, error) {
	rate, chs, err := DecodeWAV(data)
	if err != nil {
		return Call{}, err
	}
	a := &Audio{SampleRate: rate, Channels: chs}
	if len(chs) == 1 {
		a.Roles = []string{RoleUnknown}
	} else {
		a.Roles = []string{RoleAgent, RoleCustomer}
		if opt.AgentChannel == 1 {
			a.Roles = []string{RoleCustomer, RoleAgent}
		}
	}
	return Call{ID: opt.ID, Audio: a, Timed: true}, nil
}
