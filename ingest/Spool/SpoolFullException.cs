namespace Observability.Ingest.Spool;

/// <summary>
/// A batch the store could not take did not fit in the spool either. Nothing is lost: the writer keeps the rows in
/// memory and retries, and once its memory bound is reached it refuses new rows (counted), which is the back-pressure.
/// </summary>
public sealed class SpoolFullException : IOException
{
    public SpoolFullException(string message)
        : base(message)
    {
    }

    public SpoolFullException()
    {
    }

    public SpoolFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
