using Microsoft.Extensions.Options;

namespace Observability.Ingest.Writer;

/// <summary>Reports every invalid <see cref="BatchingWriterOptions"/> value at once, each naming its option.</summary>
public sealed class BatchingWriterOptionsValidator : IValidateOptions<BatchingWriterOptions>
{
    /// <summary>ITimer's limit: longer intervals would throw only when the first row arrives.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, BatchingWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxBatchRows <= 0)
        {
            failures.Add($"{nameof(options.MaxBatchRows)} must be positive (was {options.MaxBatchRows}).");
        }

        if (options.MaxBufferedRows < options.MaxBatchRows)
        {
            failures.Add(
                $"{nameof(options.MaxBufferedRows)} must be at least {nameof(options.MaxBatchRows)} " +
                $"(was {options.MaxBufferedRows} < {options.MaxBatchRows}).");
        }

        CheckDelay(failures, nameof(options.FlushInterval), options.FlushInterval);
        if (options.MaxWriteAttempts < 1)
        {
            failures.Add($"{nameof(options.MaxWriteAttempts)} must be at least 1 (was {options.MaxWriteAttempts}).");
        }

        CheckDelay(failures, nameof(options.InitialRetryDelay), options.InitialRetryDelay);
        CheckDelay(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add(
                $"{nameof(options.MaxRetryDelay)} must be at least {nameof(options.InitialRetryDelay)} " +
                $"(was {options.MaxRetryDelay} < {options.InitialRetryDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure; for code that builds options by hand.</summary>
    public static void ThrowIfInvalid(BatchingWriterOptions options)
    {
        var result = new BatchingWriterOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(BatchingWriterOptions), result.Failures);
        }
    }

    private static void CheckDelay(List<string> failures, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxTimerDelay)
        {
            failures.Add($"{option} must be positive and at most {MaxTimerDelay} (was {value}).");
        }
    }
}
