# A small EC2 host in the VPC for psql and the database bootstrap, reached through SSM Session
# Manager (no inbound port); SSH from given ranges is an option, off by default.

data "aws_partition" "current" {}

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name_prefix}-bastion"
  description        = "Bastion host: Session Manager agent"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "ssm_core" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "this" {
  name = "${var.name_prefix}-bastion"
  role = aws_iam_role.this.name
  tags = var.tags
}

resource "aws_instance" "this" {
  ami                         = data.aws_ssm_parameter.al2023.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = var.ssh_enabled ? var.public_subnet_id : var.private_subnet_id
  associate_public_ip_address = var.ssh_enabled
  vpc_security_group_ids      = [var.security_group_id]
  iam_instance_profile        = aws_iam_instance_profile.this.name
  key_name                    = var.ssh_enabled ? var.ssh_key_name : null

  # psql for the database bootstrap (Amazon Linux 2023 ships the client as postgresql16).
  user_data                   = "#!/bin/bash\ndnf install -y postgresql16\n"
  user_data_replace_on_change = true

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  root_block_device {
    encrypted   = true
    volume_type = "gp3"
    volume_size = 8
  }

  tags = merge(var.tags, { Name = "${var.name_prefix}-bastion" })

  lifecycle {
    # A newer AMI should not replace a running bastion on every plan.
    ignore_changes = [ami]

    precondition {
      condition     = !var.ssh_enabled || (var.public_subnet_id != null && var.ssh_key_name != null && length(var.ssh_cidr_blocks) > 0)
      error_message = "ssh_enabled needs public_subnet_id, ssh_key_name and at least one ssh_cidr_blocks entry."
    }
  }
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  for_each          = var.ssh_enabled ? toset(var.ssh_cidr_blocks) : toset([])
  security_group_id = var.security_group_id
  description       = "SSH from ${each.value}"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}
