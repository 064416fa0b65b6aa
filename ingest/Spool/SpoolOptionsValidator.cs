using Microsoft.Extensions.Options;

namespace Observability.Ingest.Spool;

/// <summary>Reports every invalid <see cref="SpoolOptions"/> value at once, each naming its option.</summary>
public sealed class SpoolOptionsValidator : IValidateOptions<SpoolOptions>
{
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Room for the segment header and one small record: anything less could never hold a batch.</summary>
    public const long MinSegmentBytes = 4096;

    public ValidateOptionsResult Validate(string? name, SpoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            failures.Add($"{nameof(options.Directory)} is required.");
        }

        if (options.MaxSegmentBytes < MinSegmentBytes)
        {
            failures.Add($"{nameof(options.MaxSegmentBytes)} must be at least {MinSegmentBytes} (was {options.MaxSegmentBytes}).");
        }

        if (options.MaxBytes < options.MaxSegmentBytes)
        {
            failures.Add(
                $"{nameof(options.MaxBytes)} must be at least {nameof(options.MaxSegmentBytes)} " +
                $"(was {options.MaxBytes} < {options.MaxSegmentBytes}).");
        }

        if (options.InitialReplayDelay <= TimeSpan.Zero || options.InitialReplayDelay > MaxTimerDelay)
        {
            failures.Add($"{nameof(options.InitialReplayDelay)} must be positive and at most {MaxTimerDelay} (was {options.InitialReplayDelay}).");
        }

        if (options.MaxReplayDelay < options.InitialReplayDelay || options.MaxReplayDelay > MaxTimerDelay)
        {
            failures.Add(
                $"{nameof(options.MaxReplayDelay)} must be at least {nameof(options.InitialReplayDelay)} and at most {MaxTimerDelay} " +
                $"(was {options.MaxReplayDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure; for code that builds options by hand.</summary>
    public static void ThrowIfInvalid(SpoolOptions options)
    {
        var result = new SpoolOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SpoolOptions), result.Failures);
        }
    }
}
