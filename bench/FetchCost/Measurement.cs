using System.Diagnostics;

namespace Observability.FetchCost;

/// <summary>What one mode cost: scrapes per second, bytes and samples per scrape, process CPU per scrape.</summary>
internal sealed record ModeResult(string Mode, double ScrapesPerSecond, double KilobytesPerScrape, double CpuMicrosecondsPerScrape, double SamplesPerScrape);

/// <summary>Scrapes, bytes, samples and the process's CPU time between <see cref="Start"/> and <see cref="Stop"/>.</summary>
internal sealed class Measurement
{
    private long _scrapes;
    private long _bytes;
    private long _samples;
    private int _counting;
    private TimeSpan _cpu;
    private long _started;

    public void Scraped(long bytes, long samples = 0)
    {
        if (Volatile.Read(ref _counting) == 1)
        {
            Interlocked.Increment(ref _scrapes);
            Interlocked.Add(ref _bytes, bytes);
            Interlocked.Add(ref _samples, samples);
        }
    }

    public void Start()
    {
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _started = TimeProvider.System.GetTimestamp();
        Volatile.Write(ref _counting, 1);
    }

    public ModeResult Stop(string mode)
    {
        Volatile.Write(ref _counting, 0);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        var seconds = TimeProvider.System.GetElapsedTime(_started).TotalSeconds;
        var scrapes = Math.Max(1, Interlocked.Read(ref _scrapes));
        return new ModeResult(
            mode, scrapes / seconds, Interlocked.Read(ref _bytes) / (double)scrapes / 1024, cpu.TotalMicroseconds / scrapes,
            Interlocked.Read(ref _samples) / (double)scrapes);
    }
}
