"""The kernel behind a phone's page (participant and course servers): ipykernel, without debugpy.

ipykernel imports debugpy at start for the debugger front ends offer, 8 MiB in every kernel; a phone's
page never debugs, and a room holds one kernel per phone. With the import refused, ipykernel starts
as it does where debugpy is not installed (no debugger in its kernel_info). `PhoneKernelSpecs`
(kernels.py) starts every kernel of those servers through this module.
"""

import sys

if __name__ == "__main__":
    sys.modules["debugpy"] = None  # an ImportError for ipykernel's `import debugpy`
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
