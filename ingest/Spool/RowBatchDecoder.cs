using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.Spool;

/// <summary>
/// Reads a spool record payload back into a <see cref="RowBatch"/>; the inverse of <see cref="RowBatchEncoder"/>.
/// Every version this or an earlier build wrote is understood; a newer version, or any inconsistency, is an
/// <see cref="InvalidDataException"/> that names it. Shared identities and repeated strings come back as shared instances.
/// </summary>
internal static class RowBatchDecoder
{
    public static RowBatch Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new ByteReader(payload);
        var version = reader.ReadByte();
        if (version != 1)
        {
            throw new InvalidDataException(
                $"record format version {version} is not understood by this build (it reads up to {RecordFormat.CurrentVersion})");
        }

        var state = new State();
        // Whatever is spooled may have landed already (a write that failed after the store took it): look it up.
        var batch = new RowBatch { BatchId = state.String(ref reader), MayBeStored = true };
        ReadTable(ref reader, state, batch.GpuSamples, Gpu);
        ReadTable(ref reader, state, batch.ServingSamples, Serving);
        ReadTable(ref reader, state, batch.ServingHistograms, Histogram);
        ReadTable(ref reader, state, batch.RawSamples, Raw);
        ReadTable(ref reader, state, batch.ScrapeStatuses, Status);
        ReadTable(ref reader, state, batch.RequestEvents, Request);
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("bytes left over after the last table");
        }

        return batch;
    }

    private delegate T RowReader<T>(ref ByteReader reader, State state);

    private static void ReadTable<T>(ref ByteReader reader, State state, List<T> rows, RowReader<T> read)
    {
        var count = reader.ReadCount();
        rows.Capacity = count;
        state.LastTime = 0;
        for (var i = 0; i < count; i++)
        {
            rows.Add(read(ref reader, state));
        }
    }

    private static GpuSample Gpu(ref ByteReader r, State s)
    {
        var time = s.Time(ref r);
        var target = s.Text(ref r);
        var gpu = s.Identity(ref r, static (ref ByteReader r, State s) => new GpuIdentity(
            s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r),
            s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r)));
        return new GpuSample(time, target, gpu, Values(ref r, GpuFieldCatalog.Count));
    }

    private static ServingSample Serving(ref ByteReader r, State s)
    {
        var time = s.Time(ref r);
        var target = s.Text(ref r);
        var server = Server(ref r, s);
        return new ServingSample(time, target, server, Values(ref r, ServingFieldCatalog.Count));
    }

    private static ServingHistogram Histogram(ref ByteReader r, State s)
    {
        var time = s.Time(ref r);
        var target = s.Text(ref r);
        var server = Server(ref r, s);
        var metric = s.Text(ref r);
        var bounds = Doubles(ref r);
        var counts = Doubles(ref r);
        return new ServingHistogram(time, target, server, metric, bounds, counts, r.ReadDouble(), r.ReadDouble());
    }

    private static RawSample Raw(ref ByteReader r, State s) =>
        new(s.Time(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), r.ReadDouble());

    private static ScrapeStatus Status(ref ByteReader r, State s)
    {
        var time = s.Time(ref r);
        var target = s.Text(ref r);
        var job = s.Text(ref r);
        var up = r.ReadByte() switch
        {
            0 => false,
            1 => true,
            var b => throw new InvalidDataException($"scrape status 'up' byte {b}"),
        };
        var duration = r.ReadDouble();
        var samples = checked((int)r.ReadVarInt());
        return new ScrapeStatus(time, target, job, up, duration, samples, s.Text(ref r));
    }

    private static RequestEvent Request(ref ByteReader r, State s)
    {
        var time = s.Time(ref r);
        var id = s.Text(ref r);
        var tenant = s.Text(ref r);
        var model = s.Text(ref r);
        var deployment = s.Text(ref r);
        var route = s.Text(ref r);
        var operation = s.Text(ref r);
        var provider = s.Text(ref r);
        var status = r.ReadVarUInt();
        if (status > (ulong)RequestStatus.Timeout)
        {
            throw new InvalidDataException($"request status {status}");
        }

        var errorType = s.Text(ref r);
        var present = r.ReadByte();
        long? input = (present & 1) != 0 ? r.ReadVarInt() : null;
        long? output = (present & 2) != 0 ? r.ReadVarInt() : null;
        long? cached = (present & 4) != 0 ? r.ReadVarInt() : null;
        return new RequestEvent
        {
            Timestamp = time,
            RequestId = id,
            Tenant = tenant,
            Model = model,
            Deployment = deployment,
            Route = route,
            Operation = operation,
            Provider = provider,
            Status = (RequestStatus)status,
            ErrorType = errorType,
            InputTokens = input,
            OutputTokens = output,
            CachedInputTokens = cached,
            TtftSeconds = r.ReadDouble(),
            InterTokenSeconds = r.ReadDouble(),
            E2eSeconds = r.ReadDouble(),
            QueueSeconds = r.ReadDouble(),
            Cluster = s.Text(ref r),
            Namespace = s.Text(ref r),
            Pod = s.Text(ref r),
            Node = s.Text(ref r),
            GpuUuid = s.Text(ref r),
        };
    }

    private static ServingIdentity Server(ref ByteReader r, State s) =>
        s.Identity(ref r, static (ref ByteReader r, State s) => new ServingIdentity(
            s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r), s.Text(ref r),
            s.Text(ref r), s.Text(ref r), s.Text(ref r)));

    /// <summary>Fields a later build added are absent (NaN) in an older record; more fields than this build knows is an error.</summary>
    private static double[] Values(ref ByteReader r, int known)
    {
        // Bounded by the fields this build knows, not by the bytes left: absent values take no bytes beyond the bitmap.
        var written = r.ReadVarUInt();
        if (written > (ulong)known)
        {
            throw new InvalidDataException($"{written} values in a row of {known} fields: written by a newer build");
        }

        var count = (int)written;

        var values = new double[known];
        Array.Fill(values, double.NaN);
        var bitmapBytes = (count + 7) / 8;
        Span<byte> bitmap = stackalloc byte[bitmapBytes];
        for (var i = 0; i < bitmapBytes; i++)
        {
            bitmap[i] = r.ReadByte();
        }

        for (var i = 0; i < count; i++)
        {
            if ((bitmap[i >> 3] & (1 << (i & 7))) != 0)
            {
                values[i] = r.ReadDouble();
            }
        }

        return values;
    }

    private static double[] Doubles(ref ByteReader r)
    {
        var values = new double[r.ReadCount(minBytesEach: 8)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadDouble();
        }

        return values;
    }

    /// <summary>The tables a record builds as it is read: strings, identities, and the previous row's time.</summary>
    private sealed class State
    {
        private readonly List<string> _strings = [];
        private readonly List<object> _identities = [];

        public long LastTime { get; set; }

        public string? String(ref ByteReader r)
        {
            var reference = r.ReadVarUInt();
            if (reference == 0)
            {
                return null;
            }

            var index = reference - 1;
            if (index < (ulong)_strings.Count)
            {
                return _strings[(int)index];
            }

            if (index != (ulong)_strings.Count)
            {
                throw new InvalidDataException($"string reference {reference} ahead of the {_strings.Count} strings read");
            }

            var value = r.ReadStringBody();
            _strings.Add(value);
            return value;
        }

        /// <summary>A string field that cannot be null in the model; a null written there comes back as null, exactly.</summary>
        public string Text(ref ByteReader r) => String(ref r)!;

        public T Identity<T>(ref ByteReader r, RowReader<T> readNew)
            where T : class
        {
            var index = r.ReadVarUInt();
            if (index < (ulong)_identities.Count)
            {
                return _identities[(int)index] as T
                    ?? throw new InvalidDataException($"identity {index} is a {_identities[(int)index].GetType().Name}, not a {typeof(T).Name}");
            }

            if (index != (ulong)_identities.Count)
            {
                throw new InvalidDataException($"identity reference {index} ahead of the {_identities.Count} identities read");
            }

            // Reserve the slot first: the encoder numbered the identity before writing its fields.
            _identities.Add(null!);
            var identity = readNew(ref r, this);
            _identities[^1] = identity;
            return identity;
        }

        public DateTime Time(ref ByteReader r)
        {
            LastTime = unchecked(LastTime + r.ReadVarInt());
            try
            {
                return DateTime.FromBinary(LastTime);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"timestamp {LastTime} out of range", e);
            }
        }
    }
}
