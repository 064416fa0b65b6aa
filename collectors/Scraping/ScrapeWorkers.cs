namespace Observability.Collectors.Scraping;

/// <summary>
/// Runs every target's scrapes on a small set of dedicated threads that share one due-time queue. Blocking calls on
/// a thread of our own cost a fraction of what timer callbacks, awaits and socket-engine hops cost per scrape, and
/// the pool grows one thread at a time whenever every thread is busy and a scrape falls due, up to the concurrency
/// limit: a slow or dead target ties up one thread, never the schedule of the others. Threads beyond what the
/// busiest moment of the last half minute needed leave.
/// <para>
/// One idle thread (the watcher) sleeps until the earliest scrape is due; the other idle threads sleep until woken.
/// Clock reads go through the <see cref="TimeProvider"/>; sleeps are capped at a second, so a provider whose time
/// does not follow the wall clock is still followed, a second late at worst.
/// </para>
/// </summary>
internal sealed class ScrapeWorkers : IDisposable
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly PriorityQueue<ScheduledTarget, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleWindow;
    private readonly int _maxThreads;
    private readonly Action<TargetScraper, CancellationToken> _scrape;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _threads;
    private int _idle;
    private bool _watching;
    private int _busy;
    private int _peakBusy;
    private int _keep = int.MaxValue;
    private long _windowStart;

    /// <param name="scrape">Scrapes one target and delivers its rows; it must not throw.</param>
    /// <param name="idleWindow">How far back the busiest moment counts when surplus threads leave; default half a minute.</param>
    public ScrapeWorkers(TimeProvider time, int maxThreads, Action<TargetScraper, CancellationToken> scrape, TimeSpan? idleWindow = null)
    {
        _idleWindow = idleWindow ?? TimeSpan.FromSeconds(30);
        _time = time;
        _maxThreads = maxThreads;
        _scrape = scrape;
        _windowStart = time.GetTimestamp();
    }

    /// <summary>Threads alive now.</summary>
    public int Threads
    {
        get
        {
            lock (_gate)
            {
                return _threads;
            }
        }
    }

    /// <summary>Schedules <paramref name="scraper"/>'s first scrape <paramref name="offset"/> from now, then one every <paramref name="interval"/>.</summary>
    public ScheduledTarget Add(TargetScraper scraper, TimeSpan interval, TimeSpan offset)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            var target = new ScheduledTarget(scraper, ToTimestamp(interval), _stopping.Token);
            target.Due = _time.GetTimestamp() + ToTimestamp(offset);
            Enqueue(target);
            if (_threads == 0)
            {
                StartThread();
            }

            return target;
        }
    }

    /// <summary>Takes <paramref name="target"/> off the schedule, cancelling a scrape of it in flight.</summary>
    public void Remove(ScheduledTarget target)
    {
        lock (_gate)
        {
            target.Remove();
        }
    }

    /// <summary>
    /// Stops every thread after cancelling the scrapes in flight; completes when the last has exited, and releases
    /// the targets still queued.
    /// </summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
                Monitor.PulseAll(_gate);
                if (_threads == 0)
                {
                    ReleaseQueued();
                    _allExited.TrySetResult();
                }
            }
        }

        return _allExited.Task;
    }

    private void ReleaseQueued()
    {
        while (_queue.TryDequeue(out var target, out _))
        {
            target.Release();
        }
    }

    private void Run()
    {
        while (Next() is { } target)
        {
            try
            {
                _scrape(target.Scraper, target.Cancellation.Token);
            }
            finally
            {
                lock (_gate)
                {
                    _busy--;
                    if (target.Removed || _stopping.IsCancellationRequested)
                    {
                        target.Release();
                    }
                    else
                    {
                        target.Due = NextDue(target.Due, target.IntervalTimestamp, _time.GetTimestamp());
                        Enqueue(target);
                    }
                }
            }
        }
    }

    /// <summary>The next due target, waiting for it; null when this thread should exit.</summary>
    private ScheduledTarget? Next()
    {
        lock (_gate)
        {
            while (!_stopping.IsCancellationRequested)
            {
                var now = _time.GetTimestamp();
                if (_queue.TryPeek(out var head, out var due) && due <= now)
                {
                    _queue.Dequeue();
                    if (head.Removed)
                    {
                        head.Release();
                        continue;
                    }

                    _busy++;
                    _peakBusy = Math.Max(_peakBusy, _busy);
                    HandOver();
                    return head;
                }

                if (!_watching)
                {
                    _watching = true;
                    _idle++;
                    Monitor.Wait(_gate, SleepUntil(due, now, _queue.Count > 0));
                    _idle--;
                    _watching = false;
                    continue;
                }

                // Another thread watches the clock. Threads beyond what the last window's busiest moment needed
                // (plus the watcher) leave; the rest sleep until woken to take the watch.
                if (_threads > ThreadsToKeep(now))
                {
                    break;
                }

                _idle++;
                Monitor.Wait(_gate, _idleWindow);
                _idle--;
            }

            if (--_threads == 0 && _stopping.IsCancellationRequested)
            {
                ReleaseQueued();
                _allExited.TrySetResult();
            }

            return null;
        }
    }

    /// <summary>
    /// Threads the last full window needed: its most scrapes in flight at once, plus the watcher. Windows roll as
    /// threads look; until the first has passed, every thread is kept.
    /// </summary>
    private int ThreadsToKeep(long now)
    {
        if (_time.GetElapsedTime(_windowStart) >= _idleWindow)
        {
            _keep = _peakBusy + 1;
            _peakBusy = _busy;
            _windowStart = now;
        }

        return _keep;
    }

    /// <summary>Before a thread goes off to scrape, it makes sure another one is left to watch the clock.</summary>
    private void HandOver()
    {
        if (_watching)
        {
            return;
        }

        if (_idle > 0)
        {
            Monitor.Pulse(_gate);
        }
        else if (_threads < _maxThreads && _queue.Count > 0)
        {
            StartThread();
        }
    }

    private void Enqueue(ScheduledTarget target)
    {
        var wasFirst = !_queue.TryPeek(out _, out var head) || target.Due < head;
        _queue.Enqueue(target, target.Due);
        if (wasFirst)
        {
            // The watcher may be sleeping towards a later scrape; wake everyone, and the watcher re-reads the queue.
            Monitor.PulseAll(_gate);
        }
    }

    private void StartThread()
    {
        _threads++;
        new Thread(Run) { IsBackground = true, Name = "obs-scrape" }.Start();
    }

    private TimeSpan SleepUntil(long due, long now, bool any)
    {
        if (!any)
        {
            return MaxSleep;
        }

        var wait = TimeSpan.FromTicks((long)((due - now) * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency));
        // Monitor.Wait counts whole milliseconds; round up so the watcher wakes at or after the due time, never spins.
        return TimeSpan.FromMilliseconds(Math.Clamp(Math.Ceiling(wait.TotalMilliseconds), 1, MaxSleep.TotalMilliseconds));
    }

    /// <summary>The next due time on the target's grid after <paramref name="now"/>; ticks missed while a scrape overran are skipped, as Prometheus does.</summary>
    internal static long NextDue(long due, long interval, long now)
    {
        var next = due + interval;
        return next > now ? next : next + ((now - next) / interval + 1) * interval;
    }

    internal long ToTimestamp(TimeSpan span) => (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);

    public void Dispose() => _stopping.Dispose();
}
