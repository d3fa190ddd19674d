"""Lays out, under LocalStack's FILESYSTEM_ROOT, what its host mode would otherwise download:
DynamoDB Local (jars from Maven Central), the Java it runs on (a link to this JDK), and
kinesis-local (the npm package bin/install-tools installed). Run by bin/install-tools."""
import os
import shutil
import sys
import zipfile

root, ddb_jars, agent_class, java_home, node_modules, kinesis_version = sys.argv[1:7]
libs = os.path.join(root, "var", "lib", "localstack", "lib")


def link(target, path):
    if os.path.islink(path) or os.path.exists(path):
        if os.path.islink(path) and os.readlink(path) == target:
            return
        if os.path.islink(path) or os.path.isfile(path):
            os.remove(path)
        else:
            shutil.rmtree(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


def manifest(attributes):
    """A MANIFEST.MF with lines wrapped at 72 bytes, as the JAR format requires."""
    out = []
    for name, value in attributes:
        line = f"{name}: {value}".encode()
        out.append(line[:72])
        line = line[72:]
        while line:
            out.append(b" " + line[:71])
            line = line[71:]
    return b"\r\n".join(out) + b"\r\n\r\n"


# DynamoDB Local: its jars, the native SQLite library under the name it loads, a launcher jar
# whose manifest names them, and the agent LocalStack passes to it.
ddb = os.path.join(libs, "dynamodb-local", "2")
lib = os.path.join(ddb, "DynamoDBLocal_lib")
os.makedirs(lib, exist_ok=True)
jars = []
for name in sorted(os.listdir(ddb_jars)):
    source = os.path.join(ddb_jars, name)
    if name.startswith("libsqlite4java-linux-amd64") and name.endswith(".so"):
        shutil.copyfile(source, os.path.join(lib, "libsqlite4java-linux-amd64.so"))
    elif name.endswith(".jar"):
        shutil.copyfile(source, os.path.join(lib, name))
        jars.append("DynamoDBLocal_lib/" + name)
with zipfile.ZipFile(os.path.join(ddb, "DynamoDBLocal.jar"), "w") as jar:
    jar.writestr(
        "META-INF/MANIFEST.MF",
        manifest(
            [
                ("Manifest-Version", "1.0"),
                ("Main-Class", "com.amazonaws.services.dynamodbv2.local.main.ServerRunner"),
                ("Class-Path", " ".join(jars)),
            ]
        ),
    )
with zipfile.ZipFile(os.path.join(ddb, "ddb-local-loader-0.1.jar"), "w") as jar:
    jar.writestr(
        "META-INF/MANIFEST.MF",
        manifest([("Manifest-Version", "1.0"), ("Premain-Class", "NoOpAgent")]),
    )
    jar.write(agent_class, "NoOpAgent.class")

# The Java LocalStack runs DynamoDB Local with: this JDK (any 17+ does).
link(java_home, os.path.join(libs, "java", "21"))

# kinesis-local, already installed from npm for the native emulators.
link(node_modules, os.path.join(libs, "kinesis-local", kinesis_version, "node_modules"))
print(f"LocalStack libraries laid out under {libs}")
