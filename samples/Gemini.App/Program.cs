using System;
using System.Linq;
using System.Net.Http;
using Acme.Gemini;

// The generated client comes from the Gemini.Client library: this project compiles only its own code.
Console.WriteLine($"{CloudAICompanionService.ApiName} {CloudAICompanionService.ApiVersion}: {CloudAICompanionService.Methods.Count} methods");
Console.WriteLine($"first: {CloudAICompanionService.Methods.First().Id}");

// `Gemini.App operations projects/P/locations/L` lists a location's long-running operations (the HttpClient must add
// credentials, README "Auth"). The build's least-privilege report, Gemini.App.iam.json, lists what this calls,
// cloudaicompanion.projects.locations.operations.list, though the client is compiled into Gemini.Client.
if (args.Length == 2 && args[0] == "operations")
{
    using var http = new HttpClient();
    var service = new CloudAICompanionService(http);
    await foreach (var operation in service.Projects.Locations.Operations.ListAllAsync(args[1]))
    {
        Console.WriteLine(operation.Name);
    }
}
