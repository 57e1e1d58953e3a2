namespace SharedSockets.Tests.Soak;

/// <summary>What a soak run counted; every field is updated with Interlocked.</summary>
internal sealed class SoakTotals
{
    public long Sockets;
    public long Threads;
    public long BytesDown;
    public long BytesUp;
    public long Events;
    public long Subscriptions;
    public long DescriptorsOpened;
    public long ReceivesCancelledByDispose;
    public long Resets;
    public long CloseEventsExpected;
    public long CloseEventsSeen;
    public long LostOrDuplicatedBytes;
    public long DuplicateCloseEvents;
    public readonly System.Collections.Concurrent.ConcurrentQueue<string> Failures = new();

    public void Fail(string message) => Failures.Enqueue(message);

    public override string ToString() =>
        $"{Sockets} sockets x {SoakSettings.ThreadsPerSocket} threads ({Threads} threads), {BytesDown + BytesUp:N0} bytes " +
        $"({BytesDown:N0} down, {BytesUp:N0} up), {Events:N0} events, {Subscriptions:N0} subscriptions, " +
        $"{DescriptorsOpened:N0} descriptors, {ReceivesCancelledByDispose:N0} receives ended by dispose, {Resets} peer resets, " +
        $"Close {CloseEventsSeen}/{CloseEventsExpected}, {LostOrDuplicatedBytes} lost or duplicated bytes, {DuplicateCloseEvents} duplicate Close events";
}
