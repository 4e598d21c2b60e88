package input

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Codes of the file errors OpenFile returns (as an *Error inside the error chain).
const (
	CodeNotRegular    = "not_regular_file" // a FIFO, socket, device or directory
	CodeBrokenSymlink = "broken_symlink"   // a symbolic link whose target cannot be opened
	CodeUnreadable    = "unreadable_file"  // missing, no permission, or any other open error
)

// OpenFile opens path for reading when it is a regular file (symbolic links followed). A
// FIFO, socket or device is refused with code not_regular_file without blocking (opening a
// FIFO that has no writer would wait forever); a dangling symbolic link gives
// broken_symlink, any other failure unreadable_file. The *Error is wrapped with the path.
func OpenFile(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		if lst, lerr := os.Lstat(path); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return nil, fileError(path, CodeBrokenSymlink, fmt.Sprintf("symbolic link to %q, which cannot be opened: %v", target, unwrapPath(err)))
		}
		return nil, fileError(path, CodeUnreadable, unwrapPath(err).Error())
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode())
	}
	// O_NONBLOCK: should the path have become a FIFO since the Stat, open must not block.
	// It changes nothing for a regular file.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fileError(path, CodeUnreadable, unwrapPath(err).Error())
	}
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, fileError(path, CodeUnreadable, err.Error())
		}
		return nil, notRegular(path, st.Mode())
	}
	return f, nil
}

func fileError(path, code, msg string) error {
	return fmt.Errorf("input %s: %w", path, &Error{Code: code, Message: msg})
}

func notRegular(path string, m fs.FileMode) error {
	kind := "not a regular file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a block device"
	case m.IsDir():
		kind = "a directory"
	}
	return fileError(path, CodeNotRegular, kind+", not a regular file: only regular files are read (copy the data into a file first)")
}

// unwrapPath drops the *fs.PathError's own "op path:" prefix (the path is already said).
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// CodeBadGzip is the file error of a gzip stream that does not decode or fails its checksum.
const CodeBadGzip = "bad_gzip"

// verifyGzip decodes the whole gzip file once, checking every member's CRC-32 and length,
// before any record of it is returned: a corrupt stream decodes into garbage before its
// checksum fails at the end, and those records must not pass for good ones. The file is
// refused whole (code bad_gzip). Costs one extra decompression of the file.
func verifyGzip(path string) error {
	f, err := OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 64<<10))
	if err == nil {
		_, err = io.Copy(io.Discard, zr)
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fileError(path, CodeBadGzip, fmt.Sprintf("the gzip stream is corrupt or truncated (%v); the whole file is refused and none of its records were analysed", err))
	}
	return nil
}
