using System.Security.Cryptography;
using System.Text;
using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost;

/// <summary>Loads price-book files into the store's history and reads the version in force.</summary>
public static class PriceBookStore
{
    /// <summary>
    /// Validates the file (every problem reported at once, nothing stored when there is one) and stores it as a new
    /// version. Loading the same text as the newest version again stores nothing and returns that version.
    /// </summary>
    public static async Task<(int Version, bool Added)> LoadAsync(
        ICostStore store, string path, string loadedBy, string reason, TimeProvider time, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        PriceBookParser.Parse(text);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var versions = await store.ReadPriceBookVersionsAsync(cancellationToken).ConfigureAwait(false);
        if (versions.Count > 0 && versions[^1].Sha256 == sha)
        {
            return (versions[^1].Version, false);
        }

        var document = new PriceBookVersion(0, time.GetUtcNow().UtcDateTime, sha, Path.GetFullPath(path), loadedBy, reason, text);
        return (await store.AddPriceBookVersionAsync(document, cancellationToken).ConfigureAwait(false), true);
    }

    /// <summary>The newest version and its parsed book; fails clearly when none was loaded.</summary>
    public static async Task<(int Version, PriceBook Book)> LatestAsync(ICostStore store, CancellationToken cancellationToken)
    {
        var versions = await store.ReadPriceBookVersionsAsync(cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw new InvalidOperationException("no price book has been loaded: run `obs cost load-prices FILE` first");
        }

        return (versions[^1].Version, PriceBookParser.Parse(versions[^1].Text));
    }
}
