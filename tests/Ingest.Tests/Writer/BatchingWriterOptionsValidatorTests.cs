using Microsoft.Extensions.Options;
using Observability.Ingest.Tests.Support;
using Observability.Ingest.Writer;

namespace Observability.Ingest.Tests.Writer;

public sealed class BatchingWriterOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new BatchingWriterOptionsValidator().Validate(null, new BatchingWriterOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EveryOptionInvalid_ReportsEachFailureNamingItsOption()
    {
        var options = new BatchingWriterOptions
        {
            MaxBatchRows = 0,
            MaxBufferedRows = -1,
            FlushInterval = TimeSpan.Zero,
            MaxWriteAttempts = 0,
            InitialRetryDelay = TimeSpan.FromSeconds(-1),
            MaxRetryDelay = TimeSpan.FromSeconds(-2),
        };

        var result = new BatchingWriterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var option in new[]
        {
            "MaxBatchRows must", "MaxBufferedRows must", "FlushInterval must", "MaxWriteAttempts must",
            "InitialRetryDelay must", "MaxRetryDelay must be positive", "MaxRetryDelay must be at least",
        })
        {
            Assert.Contains(failures, f => f.StartsWith(option, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_BufferSmallerThanBatch_Fails()
    {
        var result = new BatchingWriterOptionsValidator().Validate(null, new BatchingWriterOptions { MaxBatchRows = 500, MaxBufferedRows = 499 });

        Assert.Contains("MaxBufferedRows must be at least MaxBatchRows", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_InvalidOptions_ThrowsWithEveryFailure()
    {
        await using var store = StoreSql.InMemory();
        var options = new BatchingWriterOptions { MaxBatchRows = 0, MaxWriteAttempts = 0 };

        var error = Assert.Throws<OptionsValidationException>(() => new BatchingWriter(store, options));

        Assert.Equal(2, error.Failures.Count());
    }
}
