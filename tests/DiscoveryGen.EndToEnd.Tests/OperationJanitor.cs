using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Acme.Gemini;

namespace DiscoveryGen.EndToEnd.Tests;

/// <summary>
/// App code as a user writes it against the generated client, exercised two ways: on a loopback server
/// (ResourceNameEndToEndTests) and with the client mocked, no HTTP at all (MockingTests).
/// </summary>
internal static class OperationJanitor
{
    /// <summary>Cancels every operation of a location that is not done; returns the ids it cancelled.</summary>
    public static async Task<List<string>> CancelUnfinishedAsync(CloudAICompanionService service, LocationName location, CancellationToken cancellationToken = default)
    {
        var operations = service.Projects.Locations.Operations;
        var cancelled = new List<string>();
        await foreach (var operation in operations.ListAllAsync(location, cancellationToken: cancellationToken))
        {
            if (operation.Done == true)
            {
                continue;
            }

            var name = OperationName.Parse(operation.Name);
            await operations.CancelAsync(name, cancellationToken: cancellationToken);
            cancelled.Add(name.Operation);
        }

        return cancelled;
    }
}
