using WinsockConsumer;

// Each scenario prints what happened and exits 0 when the roles got what they need, 1 when not.
return args.FirstOrDefault() switch
{
    "sock001" => ReaderAndWriter.Run(),
    "sock004" => TrailerAfterEvents.Run(),
    "sock005" => HandOffToWorker.Run(),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: SharedSockets.Winsock.Consumer sock001|sock004|sock005");
    return 2;
}
