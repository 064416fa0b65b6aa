using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Observability.Collectors.Otlp.Protocol.Rpc;

namespace Observability.Collectors.Otlp.Receiving;

/// <summary>The <c>google.rpc.Status</c> an OTLP error carries, with RetryInfo when the client should come back.</summary>
internal static class ErrorStatus
{
    public const int InvalidArgument = 3;
    public const int Unavailable = 14;

    public static readonly TypeRegistry Types = TypeRegistry.FromMessages(RetryInfo.Descriptor);

    public static Status Create(int code, string message, TimeSpan? retryAfter = null)
    {
        var status = new Status { Code = code, Message = message };
        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status;
    }
}
