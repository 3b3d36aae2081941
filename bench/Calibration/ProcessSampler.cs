using System.Diagnostics;

namespace SpeedKings.Bench.Calibration;

/// <summary>
/// The client process's own load while a calibration level runs: CPU time over wall time, GC pause time and counts,
/// and, sampled every few milliseconds on a thread of its own (not a pool thread, which would queue behind the work it
/// measures), the thread pool's queue, its thread count and the managed heap.
/// </summary>
internal sealed class ProcessSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private readonly Thread _thread;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly long _baselineHeap = GC.GetTotalMemory(forceFullCollection: false);
    private readonly TimeSpan _startCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _startPause = GC.GetTotalPauseDuration();
    private readonly int[] _startCollections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private volatile bool _stopping;
    private long _maxQueue, _queueSum, _samples, _maxHeap;
    private int _maxThreads;

    public ProcessSampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "calibration sampler", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public ProcessLoad Stop()
    {
        _stopping = true;
        _thread.Join();
        TimeSpan wall = Stopwatch.GetElapsedTime(_startTimestamp);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - _startCpu;
        return new ProcessLoad(
            CpuPercentOfOneCore: cpu / wall * 100,
            GcPauseMs: (GC.GetTotalPauseDuration() - _startPause).TotalMilliseconds,
            Gen0: GC.CollectionCount(0) - _startCollections[0],
            Gen1: GC.CollectionCount(1) - _startCollections[1],
            Gen2: GC.CollectionCount(2) - _startCollections[2],
            ThreadPoolQueueMax: _maxQueue,
            ThreadPoolQueueMean: _samples == 0 ? 0 : (double)_queueSum / _samples,
            ThreadPoolThreadsMax: _maxThreads,
            PeakManagedHeapMb: _maxHeap / (1024.0 * 1024.0),
            HeapGrowthMb: Math.Max(0, _maxHeap - _baselineHeap) / (1024.0 * 1024.0));
    }

    public void Dispose()
    {
        if (!_stopping)
            Stop();
    }

    private void Sample()
    {
        while (!_stopping)
        {
            long queue = ThreadPool.PendingWorkItemCount;
            _maxQueue = Math.Max(_maxQueue, queue);
            _queueSum += queue;
            _samples++;
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            _maxHeap = Math.Max(_maxHeap, GC.GetTotalMemory(forceFullCollection: false));
            Thread.Sleep(Interval);
        }
    }
}

/// <summary>
/// The client's load during one level; CPU as a percentage of one core (200 % = both cores of this machine). Peak heap
/// includes what lives for the whole process (the o200k_base tokenizer, about 40 MB); heap growth is the level's own.
/// </summary>
internal sealed record ProcessLoad(
    double CpuPercentOfOneCore,
    double GcPauseMs,
    int Gen0,
    int Gen1,
    int Gen2,
    long ThreadPoolQueueMax,
    double ThreadPoolQueueMean,
    int ThreadPoolThreadsMax,
    double PeakManagedHeapMb,
    double HeapGrowthMb);
