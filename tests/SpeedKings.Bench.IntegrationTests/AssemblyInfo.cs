// Socket tests compare client timings with a server's ground truth to a millisecond, and the end-to-end test
// builds and runs BenchmarkDotNet: running them side by side on a 2-core machine would measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
