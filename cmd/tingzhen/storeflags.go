package main

import (
	"flag"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/store"
)

// sizeFlag is a flag.Value of bytes written as 512MiB, 2GiB, 0 or -1 (diskspace.ParseSize).
type sizeFlag struct{ n *int64 }

func (s sizeFlag) String() string {
	if s.n == nil {
		return ""
	}
	if *s.n < 0 {
		return "-1"
	}
	return diskspace.FormatSize(*s.n)
}

func (s sizeFlag) Set(v string) error {
	n, err := diskspace.ParseSize(v)
	if err != nil {
		return err
	}
	*s.n = n
	return nil
}

// durabilityFlag is a flag.Value checked by store.ParseDurability.
type durabilityFlag struct{ s *string }

func (d durabilityFlag) String() string {
	if d.s == nil {
		return ""
	}
	return *d.s
}

func (d durabilityFlag) Set(v string) error {
	m, err := store.ParseDurability(v)
	if err != nil {
		return err
	}
	*d.s = m
	return nil
}

// registerStore adds the store's disk flags (used with --data).
func (f *engineFlags) registerStore(fs *flag.FlagSet) {
	f.minFreeDisk = diskspace.DefaultMinFree
	f.durability = store.DurabilityInterval
	fs.Var(sizeFlag{&f.minFreeDisk}, "min-free-disk", "free space kept on the --data disk: below it store writes (counts, terms, tasks) are refused with a clear error and reads go on, instead of a crash (512MiB; -1 turns the check off)")
	fs.Var(durabilityFlag{&f.durability}, "durability", "when store writes reach the disk: interval (fsync once a second, and at once after terms, indicators, packs and tasks: a power loss loses at most the last second of counts), sync (fsync every write: nothing acknowledged is lost; about 2 ms more per counting write) or off (kernel writeback, about 30 s)")
}

// jobStorageFlags are the server's quotas on its jobs folder (jobs.ManagerOptions).
type jobStorageFlags struct{ maxJob, maxTotal int64 }

func (f *jobStorageFlags) register(fs *flag.FlagSet) {
	f.maxJob, f.maxTotal = jobs.DefaultMaxJobBytes, jobs.DefaultMaxTotalBytes
	fs.Var(sizeFlag{&f.maxJob}, "jobs-max-bytes", "most disk one bulk job may take, uploads and results together (16GiB): beyond it the upload gets 507 or the job fails with quota_exceeded, resumable")
	fs.Var(sizeFlag{&f.maxTotal}, "jobs-total-bytes", "most disk all bulk jobs may take together (64GiB): beyond it uploads get 507 and running jobs fail with quota_exceeded, resumable; delete finished jobs to free it")
}

// options fills the manager's storage limits; the reserve is the store's --min-free-disk.
func (f *jobStorageFlags) options(o *jobs.ManagerOptions, ef *engineFlags) {
	o.MaxJobBytes, o.MaxTotalBytes, o.MinFreeDisk = f.maxJob, f.maxTotal, ef.minFreeDisk
	if o.MinFreeDisk == 0 {
		o.MinFreeDisk = -1 // --min-free-disk 0: no reserve
	}
}

// storeOptFlags are the store's disk flags for the commands that open it without an engine
// (kg, tasks).
type storeOptFlags struct {
	minFree    int64
	durability string
}

func (f *storeOptFlags) register(fs *flag.FlagSet) {
	f.minFree, f.durability = diskspace.DefaultMinFree, store.DurabilityInterval
	fs.Var(sizeFlag{&f.minFree}, "min-free-disk", "free space kept on the --data disk: below it writes are refused with a clear error (512MiB; -1 off)")
	fs.Var(durabilityFlag{&f.durability}, "durability", "when store writes reach the disk: interval (default), sync or off (see serve --help)")
}

func (f *storeOptFlags) apply(o *store.Options) {
	o.MinFreeDisk, o.Durability = f.minFree, f.durability
	if o.MinFreeDisk == 0 {
		o.MinFreeDisk = -1 // --min-free-disk 0: no reserve
	}
}
