#!/etc/greeting.txt
# Sealed with an exec bit but not an ELF, and its interpreter has no exec bit: execve refuses it (EACCES).
echo "not reached"
