import RolecallCLI

RolecallMain.run()
