using System.Collections.Concurrent;
using System.Net;
using static WinsockConsumer.Winsock;

namespace WinsockConsumer;

/// <summary>SOCK005: the parent hands its connection to a worker, then "releases" it with shutdown.</summary>
internal static class HandOffToWorker
{
    public static int Run()
    {
        using var listener = Loopback.Listener();
        var connection = Connect((IPEndPoint)listener.LocalEndPoint!);
        using var peer = listener.Accept();
        peer.ReceiveTimeout = 3000;

        var mailbox = new BlockingCollection<byte[]>();
        var sendError = 0;
        var worker = new Thread(() => sendError = Worker(mailbox));
        worker.Start();
        HandOff(connection, (uint)Environment.ProcessId, mailbox);
        worker.Join();

        var received = Loopback.ReadAll(peer);
        if (received.Length == 0)
        {
            Console.WriteLine($"SOCK005: the worker's send failed with error {sendError}; the peer got 0 bytes");
            return 1;
        }

        Console.WriteLine($"SOCK005: the worker's reply reached the peer: '{received}'");
        return received == "reply" ? 0 : 1;
    }

    private static void HandOff(nint connection, uint workerProcessId, BlockingCollection<byte[]> mailbox)
    {
        var info = new byte[628];
        WSADuplicateSocketW(connection, workerProcessId, info);
        shutdown(connection, SD_BOTH);
        closesocket(connection);
        mailbox.Add(info);
    }

    /// <summary>The worker's side (in another process in real code): its own descriptor from the protocol info.</summary>
    private static int Worker(BlockingCollection<byte[]> mailbox)
    {
        var info = mailbox.Take();
        var socket = WSASocketW(-1, -1, -1, info, 0, 0);
        var sent = send(socket, "reply"u8.ToArray(), 5, 0);
        var error = sent == SOCKET_ERROR ? WSAGetLastError() : 0;
        closesocket(socket);
        return error;
    }

    private static nint Connect(IPEndPoint endPoint)
    {
        // sockaddr_in: family, port (network order), IPv4 address, zero padding.
        var address = new byte[16];
        address[0] = 2;
        address[2] = (byte)(endPoint.Port >> 8);
        address[3] = (byte)endPoint.Port;
        endPoint.Address.GetAddressBytes().CopyTo(address, 4);
        var socket = Winsock.socket(2, 1, 6);
        if (connect(socket, address, address.Length) != 0)
        {
            throw new InvalidOperationException("connect failed: " + WSAGetLastError());
        }

        return socket;
    }
}
