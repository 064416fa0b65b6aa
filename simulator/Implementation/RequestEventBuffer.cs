namespace Observability.Simulator.Implementation;

/// <summary>
/// The most recent finished requests, bounded: a consumer that drains often sees all of them, one
/// that does not loses the oldest and can tell how many from <see cref="Dropped"/>.
/// </summary>
internal sealed class RequestEventBuffer(int capacity)
{
    private readonly Queue<RequestEvent> events = new();

    public long Dropped { get; private set; }

    public void Add(RequestEvent e)
    {
        if (capacity == 0)
        {
            Dropped++;
            return;
        }

        if (events.Count == capacity)
        {
            events.Dequeue();
            Dropped++;
        }

        events.Enqueue(e);
    }

    public RequestEvent[] Drain()
    {
        var all = events.ToArray();
        events.Clear();
        return all;
    }
}
