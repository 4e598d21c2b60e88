// Package diskspace keeps writes off a nearly full disk. Badger (the knowledge graph's store,
// the insights counters, tasks, and each job's checkpoint) writes through memory-mapped
// files: when the file system has no block left for a page, the kernel answers the write
// with SIGBUS and the process dies, on every restart too. A Guard checks the free space of a
// folder's file system (statfs) before each write and refuses the write with a LowError
// (errors.Is ErrLow) while it is under the reserve, so the process lives on, keeps serving
// reads, and writes again once space is freed. Quota errors (QuotaError, errors.Is
// ErrQuota) bound what jobs may write. ParseSize reads the sizes of the flags (512MiB).
package diskspace
