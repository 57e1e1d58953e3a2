using Microsoft.Build.Locator;

namespace SharedSockets.Packaging.Tests.Editor.Ide;

/// <summary>
/// Points this process at the SDK's MSBuild. It must run before the first Microsoft.Build type is
/// loaded, and a type loads when a method that mentions it is compiled: so callers register in one
/// method and touch the workspace in another.
/// </summary>
public static class MSBuildRegistration
{
    private static readonly Lock Gate = new();

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }
    }
}
