import SluiceCLI

AllocatorTuning.applyByReexecuting()
await SluiceCommand.start()
