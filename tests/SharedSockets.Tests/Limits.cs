namespace SharedSockets.Tests;

/// <summary>Time bounds for every wait in the tests: a failure is an assertion, never a hang.</summary>
internal static class Limits
{
    /// <summary>The longest a single expected event or I/O call may take.</summary>
    public static readonly TimeSpan Operation = TimeSpan.FromSeconds(15);

    /// <summary>How long to watch for an event that must NOT happen.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>A token that cancels after <see cref="Operation"/>.</summary>
    public static CancellationToken OperationToken() => new CancellationTokenSource(Operation).Token;

    /// <summary>Waits for <paramref name="handle"/> or fails the test.</summary>
    public static void WaitOrFail(WaitHandle handle, string what)
    {
        Assert.True(handle.WaitOne(Operation), $"Timed out waiting for {what}.");
    }

    /// <summary>Awaits <paramref name="task"/> within <see cref="Operation"/> or fails the test.</summary>
    public static async Task<T> WithinLimit<T>(this Task<T> task, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Operation));
        Assert.True(finished == task, $"Timed out waiting for {what}.");
        return await task;
    }

    /// <summary>Awaits <paramref name="task"/> within <see cref="Operation"/> or fails the test.</summary>
    public static async Task WithinLimit(this Task task, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Operation));
        Assert.True(finished == task, $"Timed out waiting for {what}.");
        await task;
    }
}
