namespace SharedSockets.Packaging.Tests.Editor;

/// <summary>
/// One misuse per rule: the call the rule flags (unique in the file) and the light-bulb titles the
/// packaged fix offers on it, in the order offered.
/// </summary>
public sealed record RuleCase(string RuleId, string Flagged, params string[] FixTitles)
{
    public override string ToString() => RuleId;
}

/// <summary>
/// The project an editor opens in these tests: a consumer of the packed SharedSockets.Analyzers from
/// the test run's feed, restored (an editor's analyzers come from the restored package), holding one
/// case of every rule in <see cref="CasesFile"/>.
/// </summary>
public static class EditorConsumer
{
    public const string ProjectFile = "EditorConsumer.csproj";
    public const string CasesFile = "OneCasePerRule.cs";

    public static readonly RuleCase Sock001 = new(
        "SOCK001",
        "WSAEventSelect(socket, writeEvent, FD_WRITE)",
        "Register the earlier target once with the combined mask");

    public static readonly RuleCase Sock006 = new(
        "SOCK006",
        "socket.Shutdown(SocketShutdown.Both)",
        "Remove 'socket.Shutdown(SocketShutdown.Both)': the Socket is closed after the hand-off");

    public static readonly IReadOnlyList<RuleCase> Cases =
    [
        Sock001,
        new("SOCK002", "WSADuplicateSocketW(listener, backupPid, out var info)",
            "Close this descriptor after handing it off",
            "Clear this descriptor's event registration before duplicating it"),
        new("SOCK003", "setsockopt(worker, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int))",
            "Remove the redundant set: the socket already has this value",
            "Set the option through 'listener' (the same socket; behaviour unchanged)"),
        new("SOCK004", "ioctlsocket(socket, FIONBIO, ref blocking)",
            "Clear the registration first: 'WSAEventSelect(socket, IntPtr.Zero, 0)'"),
        new("SOCK005", "shutdown(connection, SD_BOTH)",
            "Close this descriptor instead of shutting the shared socket down"),
        Sock006,
        new("SOCK007", "WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 1)",
            "Duplicate the socket once per created descriptor"),
        new("SOCK008", "DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out var copy, 0, false, DUPLICATE_SAME_ACCESS)",
            "Duplicate in-process with WSADuplicateSocket and WSASocket"),
    ];

    /// <summary>The consumer's folder, made and restored once per test run.</summary>
    public static string Create(PackagingFixture fixture) =>
        fixture.Consumer("editor", directory =>
        {
            File.WriteAllText(Path.Combine(directory, ProjectFile), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{PackagingFixture.AnalyzersPackageId}" Version="{fixture.PackageVersion}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "NativeMethods.cs"), NativeMethods);
            File.WriteAllText(Path.Combine(directory, CasesFile), OneCasePerRule);
        });

    private const string NativeMethods = """
        using System;
        using System.Runtime.InteropServices;

        namespace EditorConsumer;

        internal static class NativeMethods
        {
            public const int FD_READ = 0x01, FD_WRITE = 0x02, FD_ACCEPT = 0x08, FD_CLOSE = 0x20;
            public const int AF_INET = 2, SOCK_STREAM = 1, IPPROTO_TCP = 6;
            public const int SOL_SOCKET = 0xffff, SO_RCVBUF = 0x1002;
            public const int SD_BOTH = 2;
            public const int FIONBIO = unchecked((int)0x8004667E);
            public const int FROM_PROTOCOL_INFO = -1;
            public const uint DUPLICATE_SAME_ACCESS = 2;

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int WSAEventSelect(IntPtr s, IntPtr hEventObject, int lNetworkEvents);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern IntPtr socket(int af, int type, int protocol);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int closesocket(IntPtr s);

            [DllImport("ws2_32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern int WSADuplicateSocketW(IntPtr s, int dwProcessId, out WSAPROTOCOL_INFOW lpProtocolInfo);

            [DllImport("ws2_32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern IntPtr WSASocketW(int af, int type, int protocol, ref WSAPROTOCOL_INFOW lpProtocolInfo, uint g, uint dwFlags);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int setsockopt(IntPtr s, int level, int optname, ref int optval, int optlen);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int ioctlsocket(IntPtr s, int cmd, ref uint argp);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int shutdown(IntPtr s, int how);

            [DllImport("ws2_32.dll", SetLastError = true)]
            public static extern int recv(IntPtr s, byte[] buf, int len, int flags);

            [DllImport("kernel32.dll", SetLastError = true)]
            public static extern bool DuplicateHandle(IntPtr hSourceProcessHandle, IntPtr hSourceHandle, IntPtr hTargetProcessHandle, out IntPtr lpTargetHandle, uint dwDesiredAccess, bool bInheritHandle, uint dwOptions);

            [DllImport("kernel32.dll")]
            public static extern IntPtr GetCurrentProcess();

            [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
            public struct WSAPROTOCOL_INFOW
            {
                public uint dwServiceFlags1;
                public int iAddressFamily;
                public int iSocketType;
                public int iProtocol;
            }
        }
        """;

    private const string OneCasePerRule = """
        using System;
        using System.Net.Sockets;
        using System.Runtime.Versioning;
        using static EditorConsumer.NativeMethods;

        namespace EditorConsumer;

        sealed class Connection
        {
            public void Start(IntPtr socket, IntPtr readEvent, IntPtr writeEvent)
            {
                WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                WSAEventSelect(socket, writeEvent, FD_WRITE);
            }
        }

        sealed class Gateway
        {
            public WSAPROTOCOL_INFOW ShareWithBackup(IntPtr listener, IntPtr acceptEvent, int backupPid)
            {
                WSAEventSelect(listener, acceptEvent, FD_ACCEPT | FD_CLOSE);
                WSADuplicateSocketW(listener, backupPid, out var info);
                return info;
            }
        }

        sealed class WorkerPool
        {
            public IntPtr StartWorker(IntPtr listener)
            {
                int size = 256 * 1024;
                setsockopt(listener, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                IntPtr worker = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, ref info, 0, 0);
                setsockopt(worker, SOL_SOCKET, SO_RCVBUF, ref size, sizeof(int));
                return worker;
            }
        }

        sealed class Reader
        {
            public void Drain(IntPtr socket, IntPtr readEvent)
            {
                WSAEventSelect(socket, readEvent, FD_READ | FD_CLOSE);
                uint blocking = 0;
                ioctlsocket(socket, FIONBIO, ref blocking);
                recv(socket, new byte[64], 64, 0);
            }
        }

        sealed class HandOff
        {
            public WSAPROTOCOL_INFOW Give(IntPtr connection, int pid)
            {
                WSADuplicateSocketW(connection, pid, out var info);
                shutdown(connection, SD_BOTH);
                return info;
            }
        }

        [SupportedOSPlatform("windows")]
        sealed class Broker
        {
            public SocketInformation Transfer(Socket socket, int pid)
            {
                var info = socket.DuplicateAndClose(pid);
                socket.Shutdown(SocketShutdown.Both);
                return info;
            }
        }

        sealed class InProcessSplit
        {
            public (IntPtr Reader, IntPtr Writer) Split(IntPtr listener)
            {
                WSADuplicateSocketW(listener, Environment.ProcessId, out var info);
                var reader = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 0);
                var writer = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, ref info, 0, 1);
                return (reader, writer);
            }
        }

        sealed class Cloner
        {
            public IntPtr Clone()
            {
                var s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
                DuplicateHandle(GetCurrentProcess(), s, GetCurrentProcess(), out var copy, 0, false, DUPLICATE_SAME_ACCESS);
                return copy;
            }
        }

        """;
}
