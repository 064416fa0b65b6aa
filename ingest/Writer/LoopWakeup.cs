using System.Threading.Channels;

namespace Observability.Ingest.Writer;

/// <summary>
/// Wakes the writer's loop: at once (<see cref="Wake"/>), or at a deadline on the <see cref="TimeProvider"/>'s clock
/// (<see cref="Arm"/>). Wake-ups coalesce into one pending signal, so none is lost while the loop is busy and a burst
/// costs one extra pass.
/// </summary>
internal sealed class LoopWakeup : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Channel<bool> _signal =
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private long _deadline = long.MaxValue; // the timestamp the timer is armed for; MaxValue once it has fired

    public LoopWakeup(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Wake() => _signal.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync() => _signal.Reader.ReadAsync();

    /// <summary>
    /// Arms the timer for an absolute deadline (a <see cref="TimeProvider.GetTimestamp"/> value). A deadline already armed
    /// is left alone: re-arming converts it to a delay from a clock that may have moved since, and would fire late.
    /// Callers serialize calls (the writer's lock).
    /// </summary>
    public void Arm(long deadline)
    {
        if (deadline == Volatile.Read(ref _deadline))
        {
            return;
        }

        Volatile.Write(ref _deadline, deadline);
        var now = _time.GetTimestamp();
        _timer.Change(deadline > now ? _time.GetElapsedTime(now, deadline) : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    public long After(long timestamp, TimeSpan interval) => timestamp + (long)(interval.TotalSeconds * _time.TimestampFrequency);

    public ValueTask DisposeAsync() => _timer.DisposeAsync();

    private void OnTimer()
    {
        // No lock: a clock may run callbacks under its own lock while the writer, holding its lock, re-arms.
        Volatile.Write(ref _deadline, long.MaxValue);
        Wake();
    }
}
