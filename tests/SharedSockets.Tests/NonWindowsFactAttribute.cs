using System.Runtime.CompilerServices;

namespace SharedSockets.Tests;

/// <summary>A fact about the behaviour off Windows (where Win32 event objects and windows do not exist); skipped on Windows.</summary>
public sealed class NonWindowsFactAttribute : FactAttribute
{
    public NonWindowsFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Describes the behaviour on platforms without Win32 event objects and windows.";
        }
    }
}
