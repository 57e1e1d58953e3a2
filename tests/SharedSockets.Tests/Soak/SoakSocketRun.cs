using System.Net.Sockets;

namespace SharedSockets.Tests.Soak;

/// <summary>
/// One socket of the soak: a shared side with four threads on their own descriptors (reader, writer,
/// subscription churn, Close watcher) and a peer that sends, receives, and closes or resets.
/// </summary>
internal sealed class SoakSocketRun
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(50);

    private readonly SocketPlan _plan;
    private readonly SoakTotals _totals;
    private readonly Socket _peer;
    private readonly TaskCompletionSource _downDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _readerEnded = new(false);
    private readonly List<Thread> _threads = new();
    private Task _peerTask = Task.CompletedTask;

    private SoakSocketRun(SocketPlan plan, SoakTotals totals, Socket peer)
    {
        _plan = plan;
        _totals = totals;
        _peer = peer;
    }

    public static SoakSocketRun Start(SocketPlan plan, SoakTotals totals)
    {
        var (local, peer) = Loopback.TcpPair();
        var run = new SoakSocketRun(plan, totals, peer);
        var shared = new SharedSocket(local);
        var bodies = new Action<SocketDescriptor>[] { run.Read, run.Write, run.Churn, run.WatchClose };
        foreach (var body in bodies)
        {
            var descriptor = shared.OpenDescriptor();
            Interlocked.Increment(ref totals.DescriptorsOpened);
            run._threads.Add(new Thread(() => run.Guard(body, descriptor)) { IsBackground = true });
        }

        // Only the descriptors keep the socket open now: the last thread to finish closes it.
        shared.Dispose();
        Interlocked.Increment(ref totals.Sockets);
        Interlocked.Add(ref totals.Threads, run._threads.Count);
        foreach (var thread in run._threads)
        {
            thread.Start();
        }

        run._peerTask = Task.Run(run.RunPeerAsync);
        return run;
    }

    public bool Join(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var thread in _threads)
        {
            if (!thread.Join(Remaining(deadline)))
            {
                _totals.Fail($"socket {_plan.Index}: thread did not finish");
                return false;
            }
        }

        if (!_peerTask.Wait(Remaining(deadline)))
        {
            _totals.Fail($"socket {_plan.Index}: peer did not finish");
            return false;
        }

        return true;
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static NetworkEvents RandomMask(Random random)
    {
        NetworkEvents mask;
        do
        {
            mask = (NetworkEvents)random.Next(1, 0x40);
        }
        while (mask == NetworkEvents.None);
        return mask;
    }

    private void Guard(Action<SocketDescriptor> body, SocketDescriptor descriptor)
    {
        try
        {
            body(descriptor);
        }
        catch (Exception exception)
        {
            _totals.Fail($"socket {_plan.Index} ({_plan.Ending}): {exception}");
            _readerEnded.Set();
            _downDelivered.TrySetResult();
        }
    }

    /// <summary>Receives the peer's stream Winsock-style and checks every byte; now and then replaces its descriptor, also during a pending receive.</summary>
    private void Read(SocketDescriptor descriptor)
    {
        var random = new Random(_plan.ChurnSeed ^ 0x5EED);
        var check = new TestData(_plan.DownSeed);
        var buffer = new byte[random.Next(512, 64 * 1024)];
        using var signal = new AutoResetEvent(false);
        var subscription = descriptor.Subscribe(NetworkEvents.Read | NetworkEvents.Close, signal);
        Interlocked.Increment(ref _totals.Subscriptions);
        long received = 0;
        var closesOfThisSubscription = 0;
        var endOfStream = false;
        var deadline = DateTime.UtcNow + Limits.Operation;

        void Account(int count)
        {
            var mismatch = check.Check(buffer.AsSpan(0, count));
            if (mismatch >= 0)
            {
                Interlocked.Add(ref _totals.LostOrDuplicatedBytes, count - mismatch);
                _totals.Fail($"socket {_plan.Index}: byte {received + mismatch} differs");
            }

            received += count;
            if (received == _plan.DownBytes)
            {
                _downDelivered.TrySetResult();
            }
        }

        void Replace()
        {
            var next = descriptor.Duplicate();
            Interlocked.Increment(ref _totals.DescriptorsOpened);
            var nextSubscription = next.Subscribe(NetworkEvents.Read | NetworkEvents.Close, signal);
            Interlocked.Increment(ref _totals.Subscriptions);
            descriptor.Dispose();
            descriptor = next;
            subscription = nextSubscription;
            closesOfThisSubscription = 0;
            signal.Set();
        }

        try
        {
            while (!(endOfStream && closesOfThisSubscription > 0))
            {
                if (!signal.WaitOne(Slice))
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        _totals.Fail($"socket {_plan.Index} ({_plan.Ending}): reader waited in vain (received {received}, end {endOfStream}, close {closesOfThisSubscription})");
                        return;
                    }

                    continue;
                }

                deadline = DateTime.UtcNow + Limits.Operation;
                var events = subscription.TakeEvents();
                Interlocked.Add(ref _totals.Events, System.Numerics.BitOperations.PopCount((uint)events));
                if ((events & NetworkEvents.Close) != 0 && ++closesOfThisSubscription > 1)
                {
                    Interlocked.Increment(ref _totals.DuplicateCloseEvents);
                }

                try
                {
                    if (!endOfStream && random.Next(8) == 0)
                    {
                        // A receive pending while its descriptor is disposed: it ends with
                        // ObjectDisposedException, or it completed first and its bytes count.
                        var pending = descriptor.ReceiveAsync(buffer).AsTask();
                        if (!((IAsyncResult)pending).AsyncWaitHandle.WaitOne(random.Next(0, 3)))
                        {
                            Replace();
                        }

                        try
                        {
                            var count = pending.GetAwaiter().GetResult();
                            endOfStream |= count == 0;
                            Account(count);
                        }
                        catch (ObjectDisposedException)
                        {
                            Interlocked.Increment(ref _totals.ReceivesCancelledByDispose);
                        }
                    }

                    while (!endOfStream && descriptor.TryReceive(buffer, out var count))
                    {
                        endOfStream = count == 0;
                        Account(count);
                    }
                }
                catch (SocketException) when (_plan.Ending != PeerEnding.Graceful)
                {
                    endOfStream = true;
                }

                if (!endOfStream && random.Next(25) == 0)
                {
                    Replace();
                }
            }

            Interlocked.Increment(ref _totals.CloseEventsExpected);
            Interlocked.Increment(ref _totals.CloseEventsSeen);
            Interlocked.Add(ref _totals.BytesDown, received);
            var expected = _plan.Ending == PeerEnding.ResetMidStream ? -1 : _plan.DownBytes;
            if (expected >= 0 && received != expected)
            {
                Interlocked.Add(ref _totals.LostOrDuplicatedBytes, Math.Abs(expected - received));
                _totals.Fail($"socket {_plan.Index} ({_plan.Ending}): received {received} of {expected} bytes");
            }
            else if (expected < 0 && received > _plan.ResetAfterBytes)
            {
                Interlocked.Add(ref _totals.LostOrDuplicatedBytes, received - _plan.ResetAfterBytes);
                _totals.Fail($"socket {_plan.Index}: received {received} bytes, more than the {_plan.ResetAfterBytes} sent");
            }
        }
        finally
        {
            _readerEnded.Set();
            _downDelivered.TrySetResult();
            descriptor.Dispose();
        }
    }

    /// <summary>Sends its stream Winsock-style: until WSAEWOULDBLOCK, then waits for FD_WRITE.</summary>
    private void Write(SocketDescriptor descriptor)
    {
        var data = new TestData(_plan.UpSeed);
        using var signal = new AutoResetEvent(false);
        using var subscription = descriptor.Subscribe(NetworkEvents.Write, signal);
        Interlocked.Increment(ref _totals.Subscriptions);
        var chunk = new byte[16 * 1024];
        var pending = ReadOnlyMemory<byte>.Empty;
        long sent = 0;
        var deadline = DateTime.UtcNow + Limits.Operation;
        try
        {
            while (sent < _plan.UpBytes)
            {
                if (!signal.WaitOne(Slice))
                {
                    if (_readerEnded.IsSet && _plan.Ending != PeerEnding.Graceful)
                    {
                        return;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        _totals.Fail($"socket {_plan.Index} ({_plan.Ending}): writer waited in vain for FD_WRITE (sent {sent})");
                        return;
                    }

                    continue;
                }

                deadline = DateTime.UtcNow + Limits.Operation;
                Interlocked.Add(ref _totals.Events, System.Numerics.BitOperations.PopCount((uint)subscription.TakeEvents()));
                while (sent < _plan.UpBytes)
                {
                    if (pending.IsEmpty)
                    {
                        var next = new byte[(int)Math.Min(chunk.Length, _plan.UpBytes - sent)];
                        data.Next(next);
                        pending = next;
                    }

                    if (!descriptor.TrySend(pending.Span, out var count))
                    {
                        break;
                    }

                    pending = pending[count..];
                    sent += count;
                }
            }
        }
        catch (SocketException) when (_plan.Ending != PeerEnding.Graceful)
        {
            // The peer reset the connection: the rest cannot be sent.
        }
        finally
        {
            Interlocked.Add(ref _totals.BytesUp, sent);
            descriptor.Dispose();
        }
    }

    /// <summary>Random subscribe, unsubscribe, mask changes, waits, extra descriptors and disposal while things are pending.</summary>
    private void Churn(SocketDescriptor descriptor)
    {
        var random = new Random(_plan.ChurnSeed);
        var extras = new List<SocketDescriptor>();
        var subscriptions = new List<(Subscription Subscription, StrongBox<int> Closes)>();
        var afterEnd = 0;
        try
        {
            while (afterEnd < 10)
            {
                if (_readerEnded.IsSet)
                {
                    afterEnd++;
                }

                var owner = extras.Count > 0 && random.Next(2) == 0 ? extras[random.Next(extras.Count)] : descriptor;
                switch (random.Next(9))
                {
                    case 0:
                    case 1:
                        var closes = new StrongBox<int>();
                        var subscription = owner.Subscribe(RandomMask(random), events =>
                        {
                            Interlocked.Add(ref _totals.Events, System.Numerics.BitOperations.PopCount((uint)events));
                            if ((events & NetworkEvents.Close) != 0 && Interlocked.Increment(ref closes.Value) > 1)
                            {
                                Interlocked.Increment(ref _totals.DuplicateCloseEvents);
                            }
                        });
                        Interlocked.Increment(ref _totals.Subscriptions);
                        subscriptions.Add((subscription, closes));
                        break;
                    case 2:
                        if (subscriptions.Count > 0)
                        {
                            var index = random.Next(subscriptions.Count);
                            subscriptions[index].Subscription.Dispose();
                            subscriptions.RemoveAt(index);
                        }

                        break;
                    case 3:
                        if (subscriptions.Count > 0)
                        {
                            var (target, _) = subscriptions[random.Next(subscriptions.Count)];
                            if (target.IsActive)
                            {
                                target.ChangeEvents(target.Events | RandomMask(random));
                            }
                        }

                        break;
                    case 4:
                        using (var cancel = new CancellationTokenSource(random.Next(1, 15)))
                        {
                            var wait = owner.WaitAsync(RandomMask(random), cancel.Token);
                            Observe(wait);
                        }

                        break;
                    case 5:
                        extras.Add(descriptor.Duplicate());
                        Interlocked.Increment(ref _totals.DescriptorsOpened);
                        break;
                    case 6:
                        if (extras.Count > 0)
                        {
                            // Disposing a descriptor with a wait pending on it: the wait ends with ObjectDisposedException.
                            var victim = extras[random.Next(extras.Count)];
                            var wait = victim.WaitAsync(NetworkEvents.Oob);
                            extras.Remove(victim);
                            victim.Dispose();
                            subscriptions.RemoveAll(entry => !entry.Subscription.IsActive);
                            Observe(wait);
                        }

                        break;
                    case 7:
                        descriptor.Options.NoDelay = !descriptor.Options.NoDelay;
                        break;
                    default:
                        Thread.Sleep(random.Next(0, 3));
                        break;
                }

                Thread.Sleep(random.Next(0, 4));
            }

            // Every subscription still active with Close in its mask must get FD_CLOSE exactly once.
            foreach (var (subscription, closes) in subscriptions)
            {
                if (!subscription.IsActive || (subscription.Events & NetworkEvents.Close) == 0)
                {
                    continue;
                }

                Interlocked.Increment(ref _totals.CloseEventsExpected);
                if (SpinUntil(() => Volatile.Read(ref closes.Value) > 0))
                {
                    Interlocked.Increment(ref _totals.CloseEventsSeen);
                }
                else
                {
                    _totals.Fail($"socket {_plan.Index}: a churn subscription ({subscription.Events}) missed FD_CLOSE");
                }
            }
        }
        finally
        {
            foreach (var extra in extras)
            {
                extra.Dispose();
            }

            descriptor.Dispose();
        }
    }

    /// <summary>Keeps a Close subscription, replacing its descriptor now and then; the last one must get FD_CLOSE once.</summary>
    private void WatchClose(SocketDescriptor descriptor)
    {
        var random = new Random(_plan.ChurnSeed ^ 0xC105E);
        var closes = new StrongBox<int>();
        Subscription Sentinel(SocketDescriptor on, StrongBox<int> counter)
        {
            Interlocked.Increment(ref _totals.Subscriptions);
            return on.Subscribe(NetworkEvents.Close, events =>
            {
                Interlocked.Increment(ref _totals.Events);
                if (Interlocked.Increment(ref counter.Value) > 1)
                {
                    Interlocked.Increment(ref _totals.DuplicateCloseEvents);
                }
            });
        }

        var sentinel = Sentinel(descriptor, closes);
        try
        {
            while (!_readerEnded.Wait(random.Next(1, 20)))
            {
                if (random.Next(4) == 0)
                {
                    var next = descriptor.Duplicate();
                    Interlocked.Increment(ref _totals.DescriptorsOpened);
                    var nextCloses = new StrongBox<int>();
                    sentinel = Sentinel(next, nextCloses);
                    descriptor.Dispose();
                    descriptor = next;
                    closes = nextCloses;
                }
            }

            Interlocked.Increment(ref _totals.CloseEventsExpected);
            if (SpinUntil(() => Volatile.Read(ref closes.Value) > 0))
            {
                Interlocked.Increment(ref _totals.CloseEventsSeen);
            }
            else
            {
                _totals.Fail($"socket {_plan.Index} ({_plan.Ending}): the Close watcher missed FD_CLOSE");
            }
        }
        finally
        {
            sentinel.Dispose();
            descriptor.Dispose();
        }
    }

    private async Task RunPeerAsync()
    {
        var upCheck = new TestData(_plan.UpSeed);
        long upReceived = 0;
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[32 * 1024];
            try
            {
                while (true)
                {
                    using var timeout = new CancellationTokenSource(Limits.Operation * 2);
                    var count = await _peer.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (count == 0)
                    {
                        return;
                    }

                    var mismatch = upCheck.Check(buffer.AsSpan(0, count));
                    if (mismatch >= 0)
                    {
                        Interlocked.Add(ref _totals.LostOrDuplicatedBytes, count - mismatch);
                        _totals.Fail($"socket {_plan.Index}: peer saw byte {upReceived + mismatch} differ");
                    }

                    upReceived += count;
                }
            }
            catch (Exception exception) when (_plan.Ending != PeerEnding.Graceful
                && exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The peer reset its own socket.
            }
        });

        try
        {
            var random = new Random(_plan.DownSeed ^ 0x9EE5);
            var data = new TestData(_plan.DownSeed);
            var limit = _plan.Ending == PeerEnding.ResetMidStream ? _plan.ResetAfterBytes : _plan.DownBytes;
            long sent = 0;
            while (sent < limit)
            {
                var chunk = new byte[(int)Math.Min(random.Next(1, 48 * 1024), limit - sent)];
                data.Next(chunk);
                using var timeout = new CancellationTokenSource(Limits.Operation);
                await _peer.SendAsync(chunk, SocketFlags.None, timeout.Token);
                sent += chunk.Length;
            }

            switch (_plan.Ending)
            {
                case PeerEnding.Graceful:
                    _peer.Shutdown(SocketShutdown.Send);
                    await receiving.WaitAsync(Limits.Operation * 2);
                    if (upReceived != _plan.UpBytes)
                    {
                        Interlocked.Add(ref _totals.LostOrDuplicatedBytes, Math.Abs(_plan.UpBytes - upReceived));
                        _totals.Fail($"socket {_plan.Index}: peer received {upReceived} of {_plan.UpBytes} bytes");
                    }

                    break;
                case PeerEnding.ResetAfterDelivery:
                    await _downDelivered.Task.WaitAsync(Limits.Operation * 2);
                    Reset();
                    break;
                default:
                    Reset();
                    break;
            }

            await receiving.WaitAsync(Limits.Operation * 2);
        }
        catch (Exception exception)
        {
            _totals.Fail($"socket {_plan.Index} ({_plan.Ending}) peer: {exception.GetType().Name}: {exception.Message}");
            _readerEnded.Set();
        }
        finally
        {
            _peer.Dispose();
        }
    }

    private void Reset()
    {
        Interlocked.Increment(ref _totals.Resets);
        _peer.LingerState = new LingerOption(true, 0);
        _peer.Dispose();
    }

    private static bool SpinUntil(Func<bool> condition) => SpinWait.SpinUntil(condition, Limits.Operation);

    private void Observe(Task<NetworkEvents> wait)
    {
        // Every task is observed: a soak with unobserved exceptions fails.
        try
        {
            if (wait.Wait(Limits.Operation))
            {
                Interlocked.Increment(ref _totals.Events);
            }
            else
            {
                _totals.Fail($"socket {_plan.Index}: a wait neither completed nor ended");
            }
        }
        catch (AggregateException exception) when (exception.InnerException is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private sealed class StrongBox<T>
    {
        public T? Value;
    }
}
