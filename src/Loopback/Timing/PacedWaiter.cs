using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace SpeedKings.Bench.Loopback.Timing;

/// <summary>
/// One request's reusable wait on the <see cref="DeadlinePacer"/>: an allocation-free awaitable per chunk, cancelled for
/// good when the request's token fires (client gone or server stopping), so a stream stops at once instead of at its
/// next deadline.
/// </summary>
internal sealed class PacedWaiter : IValueTaskSource, IDisposable
{
    private const int Idle = 0;
    private const int Waiting = 1;
    private const int Cancelled = 2;

    private readonly DeadlinePacer _pacer;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;
    // Continuations go to the thread pool, never inline on the pacer thread (see DeadlinePacer).
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    public PacedWaiter(DeadlinePacer pacer, CancellationToken cancellationToken)
    {
        _pacer = pacer;
        _cancellationToken = cancellationToken;
        _registration = cancellationToken.UnsafeRegister(static self => ((PacedWaiter)self!).Cancel(), this);
    }

    /// <summary>Completes at <paramref name="deadline"/> (raw Stopwatch ticks), or at once if it has passed.</summary>
    /// <exception cref="OperationCanceledException">The request's token fired.</exception>
    public ValueTask WaitUntilAsync(long deadline)
    {
        if (Volatile.Read(ref _state) == Cancelled)
            return ValueTask.FromCanceled(_cancellationToken);
        if (Stopwatch.GetTimestamp() >= deadline)
            return ValueTask.CompletedTask;

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
            return ValueTask.FromCanceled(_cancellationToken);

        short token = _core.Version;
        _pacer.Schedule(this, token, deadline);
        return new ValueTask(this, token);
    }

    /// <summary>Called by the pacer thread when wait <paramref name="token"/> is due.</summary>
    internal void Fire(short token)
    {
        // A wait that was cancelled leaves its entry in the pacer's queue; the state check makes that entry a no-op.
        if (token == _core.Version && Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
            _core.SetResult(true);
    }

    private void Cancel()
    {
        if (Interlocked.Exchange(ref _state, Cancelled) == Waiting)
            _core.SetException(new OperationCanceledException(_cancellationToken));
    }

    public void Dispose() => _registration.Dispose();

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
