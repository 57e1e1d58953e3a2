namespace SharedSockets.Engine;

/// <summary>
/// The kind of thread a change of the engine runs on. Every change is settled on the thread that made
/// it (<see cref="SocketEventEngine"/>'s one dispatch path); this says what that thread may be used for.
/// </summary>
internal enum DispatchThread
{
    /// <summary>
    /// A user's call that registers interest or connects (<c>Subscribe</c>, <c>WaitAsync</c>,
    /// <c>ChangeEvents</c>, <c>ConnectAsync</c>): the read probe starts here, so data already waiting
    /// reaches the new subscriber at once; waiters resume on the thread pool.
    /// </summary>
    Caller,

    /// <summary>
    /// A thread the engine must give back at once: a descriptor's send, receive or accept (the caller's
    /// reply waits), a shutdown, close or unsubscription, the reactor's poll thread and the foreign-I/O
    /// timer (every socket shares those two). A probe to start goes to the thread pool, and so do waiters.
    /// </summary>
    Borrowed,

    /// <summary>
    /// The engine's own thread-pool work: the read probe's completion, or its start deferred from a
    /// <see cref="Borrowed"/> thread. Waiters resume here, where awaiting a raw socket resumes too.
    /// </summary>
    EngineWork,
}

/// <summary>The two rules <see cref="DispatchThread"/> decides, in one place.</summary>
internal static class DispatchThreadRules
{
    /// <summary>Whether the read probe (a system call, and a readiness registration if it pends) may start on this thread.</summary>
    public static bool StartsProbeHere(this DispatchThread thread) => thread != DispatchThread.Borrowed;

    /// <summary>
    /// Whether a <c>WaitAsync</c> continuation may run on this thread. Only on the engine's own work: a
    /// user's call must not run a waiter's code (it would run inside <c>Shutdown</c>, <c>Dispose</c> or a
    /// token's <c>Cancel</c>), and a shared thread must not be held by one socket's waiter.
    /// </summary>
    public static bool ResumesWaitersHere(this DispatchThread thread) => thread == DispatchThread.EngineWork;
}
