using System;
using System.Linq;
using Acme.Gemini;

// The generated client comes from the Gemini.Client library: this project compiles only its own code.
Console.WriteLine($"{CloudAICompanionService.ApiName} {CloudAICompanionService.ApiVersion}: {CloudAICompanionService.Methods.Count} methods");
Console.WriteLine($"first: {CloudAICompanionService.Methods.First().Id}");
