using System.Net;
using System.Net.Sockets;
using System.Text;
using DiagnosticsSample;

// Building this project is the point: the SharedSockets.Analyzers package reports SOCK001 on the
// writer's WSAEventSelect in DuplexChannel.cs. Running it (Windows only) shows the consequence.
if (!OperatingSystem.IsWindows())
{
    Console.WriteLine("This sample calls Winsock (ws2_32.dll) and runs on Windows only. Build it to see SOCK001.");
    return 0;
}

using var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
client.Connect((IPEndPoint)listener.LocalEndpoint);
using var server = listener.AcceptSocket();

using var channel = new DuplexChannel(client.Handle);
channel.StartReader();
channel.StartWriter();

server.Send(Encoding.ASCII.GetBytes("hello"));
var woke = channel.WaitForData(TimeSpan.FromSeconds(2));
Console.WriteLine(woke
    ? "The reader was woken for incoming data."
    : "The reader was never woken: the writer's registration cancelled the reader's (SOCK001).");
return woke ? 0 : 1;
